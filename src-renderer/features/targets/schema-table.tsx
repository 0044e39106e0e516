import { ActionButton, DialogTrigger, Text } from '@adobe/react-spectrum';
import Add from '@spectrum-icons/workflow/Add';
import User from '@spectrum-icons/workflow/User';
import { hasProfileIdentity, type SchemaSummary } from '../../../src-shared/platform/targets';
import { canEnableSchema, classLabel, primaryIdentity, targetsSelectors } from '../../state/targets-slice';
import { useAppStore } from '../../state/store-context';
import { EnableProfileDialog } from './enable-profile-dialog';
import { IdentityFieldsCell, PrimaryIdentityCell } from './identity-cells';
import { EnabledStatus } from './profile-status';

interface SchemaTableProps {
  schemas: SchemaSummary[];
  onEnable: (schema: SchemaSummary) => void;
  onCreateDataset: (schema: SchemaSummary) => void;
}

/** The primary identity the confirmation names; without one, the schema's records name theirs in identityMap. */
function primaryOf(schema: SchemaSummary): { primary?: { path: string; namespace: string } } {
  const primary = primaryIdentity(schema);
  return primary ? { primary: { path: primary.path, namespace: primary.namespace } } : {};
}

function SchemaRow({ schema, onEnable, onCreateDataset }: { schema: SchemaSummary } & Omit<SchemaTableProps, 'schemas'>) {
  const pending = useAppStore(targetsSelectors.isPending(`schema:${schema.id}`));
  return (
    <tr aria-label={schema.title}>
      <th scope="row">
        <span className="target-title">{schema.title}</span>
        <span className="target-id">{schema.altId ?? schema.id}</span>
      </th>
      <td>
        <span className={`class-tag class-tag--${classLabel(schema.classId).toLowerCase()}`}>{classLabel(schema.classId)}</span>
      </td>
      <td>
        <EnabledStatus enabled={schema.profileEnabled} />
      </td>
      <td>
        <PrimaryIdentityCell schema={schema} />
      </td>
      <td>
        <IdentityFieldsCell schema={schema} />
      </td>
      <td className="target-actions">
        <div className="target-actions__list">
          {canEnableSchema(schema) && !hasProfileIdentity(schema) ? (
            <span className="target-note" id={`needs-primary-${schema.id}`}>
              Needs a primary identity (or the Identity Map field group) before it can be enabled for Profile
            </span>
          ) : null}
          {canEnableSchema(schema) && hasProfileIdentity(schema) ? (
            <DialogTrigger>
              <ActionButton isDisabled={pending} aria-label={`Enable for Profile: ${schema.title}`}>
                <User />
                <Text>{pending ? 'Enabling…' : 'Enable for Profile…'}</Text>
              </ActionButton>
              <EnableProfileDialog target={{ kind: 'schema', title: schema.title, ...primaryOf(schema) }} onConfirm={() => onEnable(schema)} />
            </DialogTrigger>
          ) : null}
          <ActionButton onPress={() => onCreateDataset(schema)} aria-label={`New dataset from ${schema.title}`}>
            <Add />
            <Text>New dataset…</Text>
          </ActionButton>
        </div>
      </td>
    </tr>
  );
}

/**
 * The schemas of the sandbox: class, Profile status and identities, with what can be done next.
 * Why a table: stewards compare schemas side by side (which one has an email primary identity?).
 */
export function SchemaTable({ schemas, onEnable, onCreateDataset }: SchemaTableProps) {
  if (schemas.length === 0) return <p className="target-empty">This sandbox has no schemas of its own yet. Create one in Adobe Experience Platform first.</p>;
  return (
    <div className="target-table-frame">
      <table className="target-table" aria-label="Schemas">
        <thead>
          <tr>
            <th scope="col">Schema</th>
            <th scope="col">Class</th>
            <th scope="col">Profile</th>
            <th scope="col">Primary identity</th>
            <th scope="col">Other identity fields</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {schemas.map((schema) => (
            <SchemaRow key={schema.id} schema={schema} onEnable={onEnable} onCreateDataset={onCreateDataset} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
