import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import type { BatchSummary, FailedRecordShape } from '../../../src-shared/ipc/requests/batches';
import { RecordTree } from '../mapping/record-tree';
import { formatCount } from '../prepare/format';
import { baseName, issueOf, violationWords } from './batch-words';
import { FailedRecordsDownload } from './failed-records-download';
import '../mapping/mapping.css';
import { type FailedRecordsView, useFailedRecords } from './use-batches';

function Problems({ record }: { record: FailedRecordShape }) {
  return (
    <ul className="failed-problems">
      {record.errors.map((error, i) => (
        <li key={i}>
          <span className="failed-problems__what">{violationWords(error.keyword)}</span>
          {error.path !== '' ? <code className="failed-problems__path">{error.path}</code> : null}
          <span className="failed-problems__message">{error.message}</span>
        </li>
      ))}
    </ul>
  );
}

/** The record with each error at its field, folded: the problems column says what to look for. */
function RecordCell({ record }: { record: FailedRecordShape }) {
  if (record.raw !== undefined && Object.keys(record.record).length === 0) return <code className="failed-raw">{record.raw}</code>;
  return (
    <details className="failed-record">
      <summary>
        <code className="failed-record__preview">{JSON.stringify(record.record)}</code>
      </summary>
      <RecordTree record={record.record} issues={record.errors.map(issueOf)} label={`Failed record ${record.index}`} />
    </details>
  );
}

function FailedTable({ failed }: { failed: FailedRecordsView }) {
  return (
    <div className="target-table-frame">
      <table className="target-table failed-table" aria-label="Failed records">
        <thead>
          <tr>
            <th scope="col" className="batch-table__count">
              #
            </th>
            <th scope="col">Why it failed</th>
            <th scope="col">Record</th>
          </tr>
        </thead>
        <tbody>
          {failed.records.map((record) => (
            <tr key={record.index} aria-label={`Failed record ${record.index}`}>
              <td className="batch-table__count">{record.index}</td>
              <td>
                <Problems record={record} />
              </td>
              <td className="failed-table__record">
                <RecordCell record={record} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Loaded({ failed, batch }: { failed: FailedRecordsView; batch: BatchSummary }) {
  const shown = failed.records.length;
  const total = Math.max(batch.recordsFailed, shown);
  return (
    <Flex direction="column" gap="size-150">
      <p className="batch-failed__summary">
        {shown === 0
          ? 'Data Access holds no failed record for this batch: its errors above concern whole files.'
          : failed.truncated
            ? `The first ${formatCount(shown)} of ${formatCount(total)} failed records.`
            : `${formatCount(shown)} failed record${shown === 1 ? '' : 's'}.`}{' '}
        The files Data Access gave are saved in <code className="batch-path">{failed.dir}</code>
        {failed.files.length > 0 ? ` (${failed.files.map(baseName).join(', ')}).` : '.'}
      </p>
      {shown > 0 ? (
        <div>
          <FailedRecordsDownload rows={failed.rows} fileName={`failed-records-${batch.batchId}.json`} />
        </div>
      ) : null}
      {shown > 0 ? <FailedTable failed={failed} /> : null}
    </Flex>
  );
}

/**
 * A batch's failed records: fetched on request (Data Access downloads them into main's folder),
 * then shown with why each failed, and saved with one click.
 * Why on request: a failed batch can hold millions of records; the first ones say what is wrong.
 */
export function FailedRecords({ batch, onLoad }: { batch: BatchSummary; onLoad: () => void }) {
  const mine = useFailedRecords(batch.batchId);
  if (!mine) {
    if (batch.recordsFailed === 0 && batch.status !== 'failed') return <p className="target-empty">No record of this batch failed.</p>;
    return (
      <div>
        <Button variant="primary" onPress={onLoad}>
          {batch.recordsFailed > 0 ? `Show failed records (${formatCount(batch.recordsFailed)})` : 'Look for failed records'}
        </Button>
      </div>
    );
  }
  if (mine.status === 'loading')
    return (
      <Flex alignItems="center" gap="size-100">
        <ProgressCircle size="S" isIndeterminate aria-label="Fetching the failed records" />
        <Text>Fetching the failed records from Data Access…</Text>
      </Flex>
    );
  if (mine.status === 'error')
    return (
      <InlineAlert variant="negative">
        <Heading>The failed records could not be fetched ({mine.error?.code})</Heading>
        <Content>
          <p className="confirm-text">{mine.error?.message}</p>
          <Button variant="secondary" onPress={onLoad}>
            Try again
          </Button>
        </Content>
      </InlineAlert>
    );
  return <Loaded failed={mine} batch={batch} />;
}
