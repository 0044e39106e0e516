import {
  Button,
  ButtonGroup,
  Content,
  Dialog,
  DialogTrigger,
  Divider,
  FileTrigger,
  Heading,
  Item,
  Picker,
  Radio,
  RadioGroup,
  Text,
  TextField,
} from '@adobe/react-spectrum';
import FolderOpen from '@spectrum-icons/workflow/FolderOpen';
import SaveFloppy from '@spectrum-icons/workflow/SaveFloppy';
import { useState } from 'react';
import { useObjectUrl } from '../../components/use-object-url';
import type { SavedFile } from '../../state/mapping-slice';
import { useAppStore } from '../../state/store-context';

/** A download link for a saved mapping, made in the page. */
function useDownloadUrl(file: SavedFile | null): string | null {
  return useObjectUrl(file?.content ?? null, 'application/json');
}

/**
 * Save the mapping (ours, or an AEP Data Prep mapping set) to the data dir, and offer it as a download.
 * Why both: the data dir keeps it for the next file; the download goes to a colleague or to AEP's
 * mapping-set API.
 */
export function SaveMappingButton({ defaultName }: { defaultName: string }) {
  const saveMapping = useAppStore((s) => s.saveMapping);
  const [name, setName] = useState(defaultName);
  const [format, setFormat] = useState<'xdm-loader' | 'data-prep'>('xdm-loader');
  const [saved, setSaved] = useState<SavedFile | null>(null);
  const error = useAppStore((s) => s.mapping.error);
  const url = useDownloadUrl(saved);
  return (
    <DialogTrigger onOpenChange={(open) => open || setSaved(null)}>
      <Button variant="secondary" style="outline">
        <SaveFloppy />
        <Text>Save mapping…</Text>
      </Button>
      {(close) => (
        <Dialog>
          <Heading>Save mapping</Heading>
          <Divider />
          <Content>
            <TextField label="Name" value={name} onChange={setName} width="100%" autoFocus />
            <RadioGroup label="Format" value={format} onChange={(v) => setFormat(v as 'xdm-loader' | 'data-prep')}>
              <Radio value="xdm-loader">XDM Loader mapping (keeps identity rules as such)</Radio>
              <Radio value="data-prep">AEP Data Prep mapping set</Radio>
            </RadioGroup>
            {saved ? (
              <div className="mapping-saved" role="status">
                <p>Saved {saved.fileName} in the data folder.</p>
                {url ? (
                  <a href={url} download={saved.fileName}>
                    Download {saved.fileName}
                  </a>
                ) : null}
                {saved.warnings.map((w) => (
                  <p key={w} className="prepare-warning-text">
                    {w}
                  </p>
                ))}
              </div>
            ) : error ? (
              <p className="prepare-warning-text" role="alert">
                {error.message}
              </p>
            ) : null}
          </Content>
          <ButtonGroup>
            <Button variant="secondary" onPress={close}>
              {saved ? 'Close' : 'Cancel'}
            </Button>
            <Button variant="accent" onPress={() => void saveMapping(name, format).then(setSaved)}>
              Save
            </Button>
          </ButtonGroup>
        </Dialog>
      )}
    </DialogTrigger>
  );
}

/** Load a saved mapping, or a mapping file (ours or an AEP mapping set) from disk. */
export function LoadMappingButton() {
  const saved = useAppStore((s) => s.mapping.saved);
  const listSavedMappings = useAppStore((s) => s.listSavedMappings);
  const loadMapping = useAppStore((s) => s.loadMapping);
  const loadMappingFile = useAppStore((s) => s.loadMappingFile);
  const [choice, setChoice] = useState<string | null>(null);
  return (
    <DialogTrigger onOpenChange={(open) => open && void listSavedMappings()}>
      <Button variant="secondary" style="outline">
        <FolderOpen />
        <Text>Load mapping…</Text>
      </Button>
      {(close) => (
        <Dialog>
          <Heading>Load mapping</Heading>
          <Divider />
          <Content>
            <Picker
              label="Saved mappings"
              items={saved.map((s) => ({ id: s.name, ...s }))}
              selectedKey={choice}
              onSelectionChange={(k) => setChoice(k === null ? null : String(k))}
              width="100%"
              isDisabled={saved.length === 0}
              description={saved.length === 0 ? 'Nothing saved yet.' : undefined}
            >
              {(item) => (
                <Item key={item.id} textValue={item.name}>
                  <Text>{item.name}</Text>
                  <Text slot="description">{item.format === 'data-prep' ? 'AEP Data Prep mapping set' : 'XDM Loader mapping'}</Text>
                </Item>
              )}
            </Picker>
            <p className="prepare-muted">Or open a mapping file: an XDM Loader mapping or an AEP Data Prep mapping set (JSON).</p>
            <FileTrigger
              acceptedFileTypes={['.json']}
              onSelect={(files) => {
                const file = files?.[0];
                if (file) void loadMappingFile(file).then(close);
              }}
            >
              <Button variant="secondary" style="outline">
                Open a mapping file…
              </Button>
            </FileTrigger>
          </Content>
          <ButtonGroup>
            <Button variant="secondary" onPress={close}>
              Cancel
            </Button>
            <Button variant="accent" isDisabled={choice === null} onPress={() => choice && void loadMapping({ kind: 'saved', name: choice }).then(close)}>
              Load
            </Button>
          </ButtonGroup>
        </Dialog>
      )}
    </DialogTrigger>
  );
}
