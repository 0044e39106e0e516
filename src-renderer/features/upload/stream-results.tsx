import { Content, Heading, InlineAlert, StatusLight } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { useAppStore } from '../../state/store-context';
import { rejectedRows, streamFailureWords, streamingSelectors, type StreamRecordResult, type StreamRunView, type StreamSendResult } from '../../state/streaming-slice';
import { violationWords } from '../batches/batch-words';
import { FailedRecordsDownload } from '../batches/failed-records-download';
import { StreamConfirmation } from './stream-confirmation';
import { fieldOfPointer, recordStatusWords, streamSummary } from './streaming-words';
import '../batches/batches.css';
import '../targets/targets.css';

/** Why a record was refused: the inlet's status and message, then each violation at its field. */
function Rejection({ result }: { result: StreamRecordResult }) {
  const violations = result.violations ?? [];
  return (
    <div className="stream-why">
      <p className="stream-why__message">
        {result.statusCode !== undefined ? <span className="stream-why__code">HTTP {result.statusCode}</span> : null}
        {result.message ?? 'Rejected without a message.'}
      </p>
      {violations.length > 0 ? (
        <ul className="failed-problems" aria-label={`Problems of record ${result.index}`}>
          {violations.map((v, i) => {
            const field = fieldOfPointer(v.pointer);
            return (
              <li key={i}>
                <span className="failed-problems__what">{violationWords(v.keyword)}</span>
                {field !== '' ? <code className="failed-problems__path">{field}</code> : <span className="prepare-muted">the whole record</span>}
                <span className="failed-problems__message">{v.message}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

function ResultRow({ result }: { result: StreamRecordResult }) {
  const words = recordStatusWords(result.status);
  return (
    <tr aria-label={`Record ${result.index}: ${words.label}`}>
      <td className="batch-table__count">{result.index}</td>
      <td>
        <span className={`tone tone--${words.tone}`}>{words.label}</span>
      </td>
      <td>{result.xactionId !== undefined ? <code className="stream-xaction">{result.xactionId}</code> : <span className="prepare-muted">—</span>}</td>
      <td>{result.status === 'rejected' ? <Rejection result={result} /> : null}</td>
    </tr>
  );
}

function ResultTable({ result }: { result: StreamSendResult }) {
  return (
    <div className="target-table-frame">
      <table className="target-table failed-table stream-table" aria-label="Streamed records">
        <thead>
          <tr>
            <th scope="col" className="batch-table__count">
              Record
            </th>
            <th scope="col">Result</th>
            <th scope="col">Transaction id</th>
            <th scope="col">Why it was rejected</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => (
            <ResultRow key={r.index} result={r} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** File name of the rejects download: the sent file's name without its extension. */
function rejectsFileName(run: StreamRunView): string {
  const stem = run.fileName.replace(/\.[^.]+$/, '') || 'records';
  return `${stem}-rejected.jsonl`;
}

function Finished({ run, result }: { run: StreamRunView; result: StreamSendResult }) {
  const rows = useMemo(() => rejectedRows(result), [result]);
  const tone = result.total === 0 ? 'neutral' : result.rejected === 0 ? 'positive' : result.rejected === result.total ? 'negative' : 'notice';
  return (
    <>
      <StatusLight variant={tone} role="status" aria-label={`Streaming summary: ${streamSummary(result)}`}>
        {streamSummary(result)}
      </StatusLight>
      {result.validation === 'async' && result.received > 0 ? (
        <p className="upload-hint stream-note">Received records were not validated yet: an invalid one lands in the dataset’s error batch, on the Batches screen.</p>
      ) : null}
      {rows.length > 0 ? (
        <div>
          <FailedRecordsDownload rows={rows} fileName={rejectsFileName(run)} />
        </div>
      ) : null}
      {result.results.length > 0 ? <ResultTable result={result} /> : null}
      {run.profile && result.accepted + result.received > 0 ? <StreamConfirmation run={run} result={result} /> : null}
    </>
  );
}

/**
 * The last streaming run of the draft on screen: a summary, each record's fate, the rejected
 * ones to download, and whether the records reached Profile.
 * Why in the Upload step and not on the Jobs screen: a streaming run is one request-reply of a
 * few seconds with nothing to pause or resume; its answer belongs beside the button that sent it.
 */
export function StreamResults() {
  const run = useAppStore(streamingSelectors.runForDraft);
  if (!run || run.status === 'sending') return null;
  if (run.status === 'failed' && run.error) {
    const words = streamFailureWords(run.error);
    return (
      <InlineAlert variant="negative">
        <Heading>{words.title}</Heading>
        <Content>
          <p className="confirm-text">{run.error.message}</p>
          {words.detail ? <p className="confirm-text">{words.detail}</p> : null}
        </Content>
      </InlineAlert>
    );
  }
  if (!run.result) return null;
  return (
    <section className="stream-results" aria-label={`Streaming results of ${run.fileName}`}>
      <h4 className="send-option__title">Streaming results</h4>
      <Finished run={run} result={run.result} />
    </section>
  );
}
