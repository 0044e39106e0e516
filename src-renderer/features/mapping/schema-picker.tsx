import { Button, FileTrigger, Item, Picker, Section, Text } from '@adobe/react-spectrum';
import FileCode from '@spectrum-icons/workflow/FileCode';
import type { Key } from 'react';
import type { SchemaChoice } from '../../../src-shared/ipc/requests/schemas';
import { useActiveSchemas } from '../../queries/use-server-state';
import { useAppStore } from '../../state/store-context';

const FILE_KEY = 'file';

function keyOf(choice: SchemaChoice | null): string | null {
  if (!choice) return null;
  if (choice.kind === 'standard') return `standard:${choice.id}`;
  if (choice.kind === 'file') return FILE_KEY;
  return `connection:${choice.schemaId}`;
}

/**
 * The target schema: a standard one (offline), one of the active connection's, or a schema file.
 * Why offline first: preparing a file must work with no connection at all; a sandbox's schemas
 * are listed when the connection answers, and a note says why they are missing when it does not.
 */
export function SchemaPicker() {
  const local = useAppStore((s) => s.mapping.localSchemas);
  const { schemas: remote, error: remoteError } = useActiveSchemas();
  const schema = useAppStore((s) => s.mapping.schema);
  const tree = useAppStore((s) => s.mapping.tree);
  const chooseSchema = useAppStore((s) => s.chooseSchema);
  const loadSchemaFile = useAppStore((s) => s.useSchemaFile);

  const onSelect = (key: Key | null): void => {
    if (key === null) return;
    const k = String(key);
    if (k.startsWith('standard:')) void chooseSchema({ kind: 'standard', id: k.slice('standard:'.length) as 'profile' | 'experience-event' });
    else if (k.startsWith('connection:')) void chooseSchema({ kind: 'connection', schemaId: k.slice('connection:'.length) });
  };

  return (
    <div className="schema-picker">
      <Picker label="Target schema" labelPosition="side" selectedKey={keyOf(schema)} onSelectionChange={onSelect} width="size-4600" menuWidth="size-4600">
        <Section title="Offline (standard XDM)">
          {local.map((s) => (
            <Item key={keyOf(s.choice) ?? s.title} textValue={s.title}>
              <Text>{s.title}</Text>
              <Text slot="description">{s.className}</Text>
            </Item>
          ))}
        </Section>
        <Section title={remoteError ? `Active connection (unavailable: ${remoteError.code})` : 'Active connection'}>
          {remote.map((s) => (
            <Item key={`connection:${s.id}`} textValue={s.title}>
              <Text>{s.title}</Text>
              <Text slot="description">{s.profileEnabled ? 'Enabled for Profile' : 'Not enabled for Profile'}</Text>
            </Item>
          ))}
        </Section>
        <Section title="File">
          {schema?.kind === 'file' ? (
            <Item key={FILE_KEY} textValue={tree?.title ?? 'Schema file'}>
              <Text>{tree?.title ?? 'Schema file'}</Text>
            </Item>
          ) : (
            <Item key="file-none" textValue="Use Schema file… to add one">
              <Text>Use “Schema file…” to add one</Text>
            </Item>
          )}
        </Section>
      </Picker>
      <FileTrigger
        acceptedFileTypes={['.json']}
        onSelect={(files) => {
          const file = files?.[0];
          if (file) void loadSchemaFile(file);
        }}
      >
        <Button variant="secondary" style="outline">
          <FileCode />
          <Text>Schema file…</Text>
        </Button>
      </FileTrigger>
    </div>
  );
}
