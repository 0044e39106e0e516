import { ActionButton, DialogTrigger, Text } from '@adobe/react-spectrum';
import User from '@spectrum-icons/workflow/User';
import type { DatasetSummary } from '../../../src-shared/platform/targets';
import { classLabel, type DatasetRow, targetsSelectors } from '../../state/targets-slice';
import { useAppStore } from '../../state/store-context';
import { EnableProfileDialog } from './enable-profile-dialog';
import { PrimaryIdentityCell } from './identity-cells';
import { EnabledStatus } from './profile-status';

function DatasetTableRow({ row, onEnable }: { row: DatasetRow; onEnable: (dataset: DatasetSummary) => void }) {
  const { dataset, schema } = row;
  const pending = useAppStore(targetsSelectors.isPending(`dataset:${dataset.id}`));
  const className = classLabel(schema?.classId);
  return (
    <tr aria-label={dataset.name}>
      <th scope="row">
        <span className="target-title">{dataset.name}</span>
        <span className="target-id">{dataset.id}</span>
      </th>
      <td>{schema ? schema.title : <span className="target-muted">{dataset.schemaId ?? 'No schema'}</span>}</td>
      <td>{schema ? <span className={`class-tag class-tag--${className.toLowerCase()}`}>{className}</span> : <span className="target-muted">—</span>}</td>
      <td>
        <EnabledStatus enabled={dataset.profileEnabled} />
      </td>
      <td>
        <EnabledStatus enabled={dataset.identityEnabled} />
      </td>
      <td>
        <PrimaryIdentityCell schema={schema} />
      </td>
      <td className="target-actions">
        <div className="target-actions__list">
          {!dataset.profileEnabled ? (
            <DialogTrigger>
              <ActionButton isDisabled={pending} aria-label={`Enable for Profile: ${dataset.name}`}>
                <User />
                <Text>{pending ? 'Enabling…' : 'Enable for Profile…'}</Text>
              </ActionButton>
              <EnableProfileDialog
                target={{ kind: 'dataset', title: dataset.name, schemaEnabled: schema?.profileEnabled === true }}
                onConfirm={() => onEnable(dataset)}
              />
            </DialogTrigger>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

/**
 * The datasets of the sandbox, each with its schema's class and primary identity.
 * Why joined to schemas here: a dataset reaches Profile only when both it and its schema are
 * enabled, so both facts belong on one row.
 */
export function DatasetTable({ rows, onEnable }: { rows: DatasetRow[]; onEnable: (dataset: DatasetSummary) => void }) {
  if (rows.length === 0) return <p className="target-empty">No datasets yet. Create one from a schema above.</p>;
  return (
    <div className="target-table-frame">
      <table className="target-table" aria-label="Datasets">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col">Schema</th>
            <th scope="col">Class</th>
            <th scope="col">Profile</th>
            <th scope="col">Identity</th>
            <th scope="col">Primary identity</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <DatasetTableRow key={row.dataset.id} row={row} onEnable={onEnable} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
