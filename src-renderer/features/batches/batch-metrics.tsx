import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { formatBytes, formatCount } from '../prepare/format';
import { metricRows } from './batch-words';

/**
 * Catalog's metrics of a batch as counters.
 * Why "written" and "failed" lead even without metrics: main derives them for every batch (CSV
 * batches and batches still processing have no metrics at all).
 */
export function BatchMetrics({ batch }: { batch: BatchSummary }) {
  const rows = metricRows(batch.metrics).filter((m) => m.key !== 'outputRecordCount' && m.key !== 'failedRecordCount');
  return (
    <dl className="batch-metrics" aria-label="Batch metrics">
      <div className={`batch-metric${batch.recordsWritten > 0 ? ' batch-metric--good' : ''}`}>
        <dt>Records written</dt>
        <dd>{formatCount(batch.recordsWritten)}</dd>
      </div>
      <div className={`batch-metric${batch.recordsFailed > 0 ? ' batch-metric--bad' : ''}`}>
        <dt>Records failed</dt>
        <dd>{formatCount(batch.recordsFailed)}</dd>
      </div>
      {rows.map((m) => (
        <div key={m.key} className="batch-metric">
          <dt>{m.label}</dt>
          <dd>{/ByteSize$/.test(m.key) ? formatBytes(m.value) : formatCount(m.value)}</dd>
        </div>
      ))}
    </dl>
  );
}
