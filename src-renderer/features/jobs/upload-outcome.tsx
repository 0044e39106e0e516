import { Content, Heading, InlineAlert } from '@adobe/react-spectrum';
import type { UploadResultShape } from '../../../src-shared/ipc/requests/jobs';
import { formatCount } from '../prepare/format';
import { pathInside, ResultFileAction } from '../results/result-file-action';
import { describeBatchStatus, errorSentence } from './upload-format';

type BatchOutcome = UploadResultShape['batches'][number];

function Counter({ label, value, tone }: { label: string; value: number; tone?: 'good' | 'bad' }) {
  return (
    <div className={`run-counter${tone ? ` run-counter--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

/** The failed records main saved for a batch, each within reach (shown in its folder, or downloaded). */
function FailedRecordFiles({ batch, jobDir }: { batch: BatchOutcome; jobDir: string }) {
  const files = batch.failedFiles.flatMap((file) => {
    const inside = pathInside(jobDir, file);
    return inside === null ? [] : [inside];
  });
  if (files.length === 0) return null;
  return (
    <ul className="upload-failed-files" aria-label={`Failed records of batch ${batch.batchId}`}>
      {files.map((file) => (
        <li key={file}>
          <code>{file.split('/').pop()}</code> <ResultFileAction target={{ folder: jobDir, file }} name={`failed records ${file.split('/').pop() ?? file}`} />
        </li>
      ))}
    </ul>
  );
}

function BatchRow({ batch, jobDir }: { batch: BatchOutcome; jobDir: string }) {
  const words = describeBatchStatus(batch.status);
  return (
    <tr>
      <th scope="row">
        <code>{batch.batchId}</code>
      </th>
      <td>
        <span className={`tone tone--${words.tone}`}>{words.label}</span>
      </td>
      <td className="issue-table__count">{formatCount(batch.recordsWritten)}</td>
      <td className="issue-table__count">{formatCount(batch.recordsFailed)}</td>
      <td>
        {batch.errors.length === 0 ? (
          <span className="prepare-muted">None</span>
        ) : (
          <ul className="upload-errors">
            {batch.errors.map((e, i) => (
              <li key={i}>{errorSentence(e)}</li>
            ))}
          </ul>
        )}
        <FailedRecordFiles batch={batch} jobDir={jobDir} />
      </td>
    </tr>
  );
}

/**
 * What AEP made of the upload: records written and failed, each batch with its errors.
 * Why each batch: a large upload is split to respect AEP's limits, and one batch can fail
 * while the others succeed.
 */
export function UploadOutcome({ result }: { result: UploadResultShape }) {
  const failedBatches = result.batches.filter((b) => b.status === 'failed');
  return (
    <div className="upload-outcome">
      <dl className="run-counters" aria-label="Outcome">
        <Counter label="Records expected" value={result.recordsExpected} />
        <Counter label="Records written" value={result.recordsWritten} tone={result.recordsWritten > 0 ? 'good' : undefined} />
        <Counter label="Records failed" value={result.recordsFailed} tone={result.recordsFailed > 0 ? 'bad' : undefined} />
        <Counter label={result.batches.length === 1 ? 'Batch' : 'Batches'} value={result.batches.length} />
      </dl>
      {result.reported ? (
        <p className="upload-note">This file had already been loaded by an earlier run: its batch is reported here and nothing was sent again.</p>
      ) : null}
      {result.resumed && !result.reported ? <p className="upload-note">Resumed from its journal: only what AEP had not confirmed was sent.</p> : null}
      {result.timedOut ? (
        <p className="upload-note">
          AEP had not finished processing when the app stopped waiting. The batch goes on at AEP; check it later on the Batches screen.
        </p>
      ) : null}
      {failedBatches.length > 0 ? (
        <InlineAlert variant="negative">
          <Heading>
            AEP did not load {failedBatches.length === result.batches.length ? 'the records' : `${failedBatches.length} of ${result.batches.length} batches`}
          </Heading>
          <Content>
            {failedBatches.flatMap((b) => b.errors).length > 0
              ? 'AEP’s errors are listed below, by batch; each failed record with its reason is on the Batches screen (All batches of this dataset). Fix the file or the mapping, prepare it again and upload again.'
              : 'AEP gave no reason. Its failed records, if any, are on the Batches screen (All batches of this dataset).'}
          </Content>
        </InlineAlert>
      ) : null}
      <table className="issue-table upload-batches" aria-label="Batches">
        <thead>
          <tr>
            <th>Batch</th>
            <th>Status</th>
            <th className="issue-table__count">Written</th>
            <th className="issue-table__count">Failed</th>
            <th>Errors</th>
          </tr>
        </thead>
        <tbody>
          {result.batches.map((b) => (
            <BatchRow key={b.batchId} batch={b} jobDir={result.jobDir} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
