import { Button, Content, Flex, Heading, InlineAlert, ProgressBar, StatusLight } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import type { PrepareSummary } from '../../../src-shared/ipc/requests/prepare';
import { summaryWarnings } from '../../../src-shared/domain/prepare-warnings';
import { emptyIdentityOptions, jobsSelectors, outputFormatLabel } from '../../state/jobs-slice';
import { FailureDetails } from '../../components/failure-details';
import { useAppStore } from '../../state/store-context';
import { formatBytes, formatCount } from './format';
import { rowsKept, summarySentence } from './summary-words';
import { ContinueToUploadButton } from '../upload/continue-to-upload-button';
import { ResultFileAction } from '../results/result-file-action';
import { RejectsBrowser } from './rejects-browser';
import '../mapping/mapping.css';

function Counter({ label, value, tone }: { label: string; value: number; tone?: 'bad' | 'good' }) {
  return (
    <div className={`run-counter${tone ? ` run-counter--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

/** Issues of the whole file by field and kind, most frequent first. */
function IssuesByField({ summary }: { summary: PrepareSummary }) {
  const rows = useMemo(
    () =>
      Object.entries(summary.issuesByField)
        .flatMap(([field, kinds]) => Object.entries(kinds).map(([kind, count]) => ({ field, kind, count: count ?? 0 })))
        .sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
    [summary],
  );
  if (rows.length === 0) return <p className="prepare-muted">No issue in any row.</p>;
  return (
    <table className="issue-table" aria-label="Issues by field">
      <thead>
        <tr>
          <th>Field</th>
          <th>Issue</th>
          <th className="issue-table__count">Rows</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.field}:${r.kind}`}>
            <td>
              <code>{r.field}</code>
            </td>
            <td>{r.kind}</td>
            <td className="issue-table__count">{formatCount(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The part files written, in upload order.
 * Why listed: they are what gets uploaded, one file per part, and their extension confirms the
 * format chosen before the run.
 */
function PartsTable({ summary, outDir }: { summary: PrepareSummary; outDir: string | null }) {
  if (summary.parts.length === 0) return <p className="prepare-muted">No part was written.</p>;
  return (
    <table className="issue-table parts-table" aria-label="Parts">
      <thead>
        <tr>
          <th>File</th>
          <th className="issue-table__count">Rows</th>
          <th className="issue-table__count">Size</th>
          {outDir ? <th>Open</th> : null}
        </tr>
      </thead>
      <tbody>
        {summary.parts.map((part) => (
          <tr key={part.file}>
            <td>
              <code>{part.file}</code>
            </td>
            <td className="issue-table__count">{formatCount(part.rows)}</td>
            <td className="issue-table__count">{formatBytes(part.bytes)}</td>
            {outDir ? (
              <td>
                <ResultFileAction target={{ folder: outDir, file: part.file }} name={part.file} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary({ summary, outDir }: { summary: PrepareSummary; outDir: string | null }) {
  const loadRejects = useAppStore((s) => s.loadRejects);
  const listShown = useAppStore((s) => s.jobs.rejects?.list ?? null);
  const totalBytes = summary.parts.reduce((n, p) => n + p.bytes, 0);
  return (
    <Flex direction="column" gap="size-200">
      <dl className="run-counters" aria-label="Prepare summary">
        <Counter label="Rows read" value={summary.rowsRead} />
        <Counter label="Rows written" value={rowsKept(summary)} tone="good" />
        <Counter label="Rows rejected" value={summary.rowsRejected} tone={summary.rowsRejected > 0 ? 'bad' : undefined} />
        <Counter label="Parts" value={summary.parts.length} />
      </dl>
      <p className="prepare-muted">{summarySentence(summary, outputFormatLabel(summary.format), formatBytes(totalBytes))}</p>
      {summaryWarnings(summary).map((warning) => (
        <p key={warning} className="prepare-warning-text" role="status">
          {warning}
        </p>
      ))}
      {outDir ? (
        <p className="run-outdir">
          Output folder: <code>{outDir}</code> <ResultFileAction target={{ folder: outDir }} name="the output folder" />
        </p>
      ) : null}
      <section className="prepare-section" aria-labelledby="parts-heading">
        <h3 className="prepare-section__title" id="parts-heading">
          Parts <span className="prepare-muted">{outputFormatLabel(summary.format)}</span>
        </h3>
        <PartsTable summary={summary} outDir={outDir} />
      </section>
      {summary.rowsRejected > 0 ? (
        <div className="result-row">
          {listShown === 'rejects' ? null : (
            <Button variant="primary" onPress={() => void loadRejects({ list: 'rejects' })}>
              Show rejected rows ({formatCount(summary.rowsRejected)})
            </Button>
          )}
          {outDir ? <ResultFileAction target={{ folder: outDir, file: summary.rejectsFile }} name={summary.rejectsFile} nameShown /> : null}
        </div>
      ) : null}
      {summary.rowsWithWarnings > 0 && summary.warningsFile !== undefined ? (
        <div className="result-row">
          {listShown === 'warnings' ? null : (
            <Button variant="secondary" onPress={() => void loadRejects({ list: 'warnings' })}>
              Show rows with warnings ({formatCount(summary.rowsWithWarnings)})
            </Button>
          )}
          {outDir ? <ResultFileAction target={{ folder: outDir, file: summary.warningsFile }} name={summary.warningsFile} nameShown /> : null}
        </div>
      ) : null}
      <RejectsBrowser />
      <section className="prepare-section" aria-labelledby="issues-heading">
        <h3 className="prepare-section__title" id="issues-heading">
          Issues by field
        </h3>
        <IssuesByField summary={summary} />
      </section>
    </Flex>
  );
}

const statusLight = { completed: 'positive', cancelled: 'notice', failed: 'negative' } as const;

/**
 * The prepare job on the whole file: progress (bytes and rows) with Cancel, then its summary.
 * Why bytes for the bar: the row count of a text file is unknown until its end, its size is not.
 */
export function PrepareRun() {
  const job = useAppStore(jobsSelectors.prepareJob);
  const running = useAppStore(jobsSelectors.isRunning);
  const cancel = useAppStore((s) => s.cancelPrepare);
  if (!job) return null;
  const p = job.progress;
  const fraction = p && p.bytesTotal > 0 ? Math.min(100, (p.bytesRead / p.bytesTotal) * 100) : 0;
  return (
    <Flex direction="column" gap="size-250">
      <div className="mapping-toolbar">
        <Heading level={2} margin={0} UNSAFE_className="prepare-file-name">
          Prepare {job.fileName}
        </Heading>
        <span className="prepare-muted">
          to {outputFormatLabel(job.format)}, {emptyIdentityOptions.find((o) => o.id === job.emptyIdentity)?.label}
        </span>
        {job.summary ? (
          <StatusLight variant={statusLight[job.summary.status]}>
            {job.summary.status === 'completed' ? 'Completed' : job.summary.status === 'cancelled' ? 'Cancelled: outputs are partial' : 'Failed'}
          </StatusLight>
        ) : null}
        <span className="mapping-toolbar__spacer" />
        {running ? (
          <Button variant="negative" onPress={() => void cancel()} isDisabled={job.status === 'cancelling' || job.jobId === null}>
            {job.status === 'cancelling' ? 'Cancelling…' : 'Cancel'}
          </Button>
        ) : null}
        <ContinueToUploadButton />
      </div>
      {running || (p && !job.summary) ? (
        <div className="run-progress">
          <ProgressBar
            label="Reading, mapping and validating"
            value={fraction}
            valueLabel={p ? `${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}` : 'Starting…'}
            width="100%"
            isIndeterminate={!p && running}
          />
          {p ? (
            <dl className="run-counters run-counters--small" aria-label="Rows so far">
              <Counter label="Read" value={p.rowsRead} />
              <Counter label="Written" value={p.rowsWritten} />
              <Counter label="Rejected" value={p.rowsRejected} />
            </dl>
          ) : null}
        </div>
      ) : null}
      {job.status === 'failed' && job.error ? (
        <InlineAlert variant="negative">
          <Heading>The job did not run ({job.error.code})</Heading>
          <Content>
            {job.error.message}
            <FailureDetails detail={job.errorDetail} jobId={job.jobId} />
          </Content>
        </InlineAlert>
      ) : null}
      {job.summary ? <Summary summary={job.summary} outDir={job.outDir} /> : null}
    </Flex>
  );
}
