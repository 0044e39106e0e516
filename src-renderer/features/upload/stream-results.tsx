import { Content, Heading, InlineAlert, StatusLight } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { FailureDetails } from '../../components/failure-details';
import { useAppStore } from '../../state/store-context';
import {
  isRunning,
  rejectedRows,
  streamFailureWords,
  streamingSelectors,
  type StreamRecordResult,
  type StreamRunView,
  type StreamSendResult,
} from '../../state/streaming-slice';
import { violationWords } from '../batches/batch-words';
import { FailedRecordsDownload } from '../batches/failed-records-download';
import { StreamConfirmation } from './stream-confirmation';
import { fieldPathOfPointer } from '../../../src-shared/domain/json-pointer';
import { recordStatusWords, sentBeforeFailureWords, streamSummary } from './streaming-words';
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
            const field = fieldPathOfPointer(v.pointer);
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

function ResultTable({ results }: { results: readonly StreamRecordResult[] }) {
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
          {results.map((r) => (
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

/** The rejected records so far, record and reasons, as JSON Lines. */
function RejectsDownload({ run }: { run: StreamRunView }) {
  const rows = useMemo(() => rejectedRows(run.results), [run.results]);
  if (rows.length === 0) return null;
  return (
    <div>
      <FailedRecordsDownload rows={rows} fileName={rejectsFileName(run)} />
    </div>
  );
}

function Finished({ run, result }: { run: StreamRunView; result: StreamSendResult }) {
  const tone = result.total === 0 ? 'neutral' : result.rejected === 0 ? 'positive' : result.rejected === result.total ? 'negative' : 'notice';
  return (
    <>
      <StatusLight variant={tone} role="status" aria-label={`Streaming summary: ${streamSummary(result)}`}>
        {streamSummary(result)}
      </StatusLight>
      {result.validation === 'async' && result.received > 0 ? (
        <p className="upload-hint stream-note">
          Received records were not validated yet: an invalid one lands in the dataset’s error batch, on the Batches screen.
        </p>
      ) : null}
      <RejectsDownload run={run} />
      {run.results.length > 0 ? <ResultTable results={run.results} /> : null}
      {run.profile && result.accepted + result.received > 0 ? <StreamConfirmation run={run} result={result} /> : null}
    </>
  );
}

/** A run that stopped: why, how many records had been sent (they stay sent), and what came back before. */
function Failed({ run, error }: { run: StreamRunView; error: NonNullable<StreamRunView['error']> }) {
  const words = streamFailureWords(error, run.sentBeforeFailure);
  // A cancel's message names the count itself; other failures get it from the event.
  const sent = error.code === 'CANCELLED' ? null : sentBeforeFailureWords(run.sentBeforeFailure);
  return (
    <>
      <InlineAlert variant="negative">
        <Heading>{words.title}</Heading>
        <Content>
          <p className="confirm-text">{error.message}</p>
          {sent ? <p className="confirm-text">{sent}</p> : null}
          {words.detail ? <p className="confirm-text">{words.detail}</p> : null}
          <FailureDetails detail={run.errorDetail} jobId={run.jobId} />
        </Content>
      </InlineAlert>
      {run.results.length > 0 ? (
        <section className="stream-results" aria-label={`Streaming results of ${run.fileName}`}>
          <h4 className="send-option__title">Records answered before it stopped</h4>
          <RejectsDownload run={run} />
          <ResultTable results={run.results} />
        </section>
      ) : null}
    </>
  );
}

/**
 * The last streaming run of the draft on screen: each record's fate as it comes in, then a
 * summary, the rejected ones (record and reasons) to download, and whether they reached Profile.
 * Why in the Upload step and not on the Jobs screen: a streaming run is a few records sent from
 * this step (progress and Cancel sit beside its button); its answers belong beside it too.
 */
export function StreamResults() {
  const run = useAppStore(streamingSelectors.runForDraft);
  if (!run) return null;
  if (run.status === 'failed' && run.error) return <Failed run={run} error={run.error} />;
  if (isRunning(run)) {
    if (run.results.length === 0) return null;
    return (
      <section className="stream-results" aria-label={`Streaming results of ${run.fileName}`}>
        <h4 className="send-option__title">Streaming results so far</h4>
        <RejectsDownload run={run} />
        <ResultTable results={run.results} />
      </section>
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
