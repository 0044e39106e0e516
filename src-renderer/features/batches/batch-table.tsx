import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { formatCount } from '../prepare/format';
import { BatchStatus } from './batch-status';
import { baseName, completedNote, formatShortTime, sourceLabel } from './batch-words';

function Count({ value, bad }: { value: number; bad?: boolean }) {
  return <td className={`batch-table__count${bad && value > 0 ? ' batch-table__count--bad' : ''}`}>{formatCount(value)}</td>;
}

function BatchRow({ batch, onOpen }: { batch: BatchSummary; onOpen: (batchId: string) => void }) {
  return (
    <tr aria-label={batch.batchId}>
      <th scope="row">
        <button type="button" className="batch-link" onClick={() => onOpen(batch.batchId)} aria-label={`Open batch ${batch.batchId}`}>
          {batch.batchId}
        </button>
      </th>
      <td>
        <BatchStatus status={batch.status} />
      </td>
      <Count value={batch.recordsWritten} />
      <Count value={batch.recordsFailed} bad />
      <td className="batch-table__time">
        <span className="batch-cell__main">{formatShortTime(batch.created)}</span>
        <span className="batch-cell__sub">{completedNote(batch.created, batch.completed)}</span>
      </td>
      <td>
        {batch.createdBy ? (
          <span className="batch-who" title={batch.createdBy}>
            {batch.createdBy}
          </span>
        ) : (
          <span className="target-muted">—</span>
        )}
      </td>
      <td>
        <span className="batch-cell__main batch-table__nowrap">{sourceLabel(batch.source)}</span>
        {batch.job ? (
          <span className="batch-cell__sub batch-input" title={batch.job.input}>
            {baseName(batch.job.input)}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * The recent batches of a dataset, newest first.
 * Why "Source" names the input: Catalog lists every batch of the dataset, whoever sent it; the
 * batches this machine sent also name the file or folder they came from, which is how a steward
 * finds "mine". Completion sits under creation to keep the table within a window's width.
 */
export function BatchTable({ batches, onOpen }: { batches: readonly BatchSummary[]; onOpen: (batchId: string) => void }) {
  return (
    <div className="target-table-frame">
      <table className="target-table batch-table" aria-label="Batches">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Status</th>
            <th scope="col" className="batch-table__count">
              Written
            </th>
            <th scope="col" className="batch-table__count">
              Failed
            </th>
            <th scope="col">Created</th>
            <th scope="col">By</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <BatchRow key={batch.batchId} batch={batch} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
