import { ActionButton, Flex, Heading, ProgressCircle, Text } from '@adobe/react-spectrum';
import ChevronLeft from '@spectrum-icons/workflow/ChevronLeft';
import Refresh from '@spectrum-icons/workflow/Refresh';
import type { ReactNode } from 'react';
import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { useAppStoreApi } from '../../state/store-context';
import { formatCount } from '../prepare/format';
import { BatchErrors } from './batch-errors';
import { BatchMetrics } from './batch-metrics';
import { BatchStatus } from './batch-status';
import { formatDuration, formatTime, sourceLabel, statusView } from './batch-words';
import { FailedRecords } from './failed-records';
import { RevertBatch } from './revert-batch';
import { useBatchChoice, useOpenBatch } from './use-batches';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="file-details__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Facts({ batch, datasetName }: { batch: BatchSummary; datasetName: string | undefined }) {
  const took = formatDuration(batch.created, batch.completed);
  return (
    <dl className="file-details batch-facts" aria-label="Batch facts">
      <Fact label="Dataset">{datasetName ?? (batch.datasetId || '—')}</Fact>
      <Fact label="Created">{formatTime(batch.created)}</Fact>
      <Fact label="Completed">{batch.completed !== undefined ? `${formatTime(batch.completed)}${took ? ` (${took})` : ''}` : '—'}</Fact>
      <Fact label="By">{batch.createdBy ?? '—'}</Fact>
      <Fact label="Seen in">{sourceLabel(batch.source)}</Fact>
    </dl>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="prepare-section" aria-labelledby={id}>
      <h3 className="prepare-section__title batch-section__title" id={id}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/**
 * One batch: what became of it, its counts, its errors in plain words, and its failed records.
 * Why the local job is spelled out: a steward fixing a failed load needs the file it came from
 * and how many records were meant to arrive.
 */
export function BatchDetail({ datasetName }: { datasetName: string | undefined }) {
  const store = useAppStoreApi();
  const detail = useOpenBatch();
  const { activeId } = useBatchChoice();
  if (!detail) return null;
  const batch = detail.batch;
  return (
    <Flex direction="column" gap="size-250">
      <div className="batch-detail__head">
        <ActionButton isQuiet onPress={() => store.getState().closeBatch()}>
          <ChevronLeft />
          <Text>All batches</Text>
        </ActionButton>
      </div>
      <div className="mapping-toolbar">
        <Heading level={2} margin={0} UNSAFE_className="prepare-file-name">
          Batch {detail.batchId}
        </Heading>
        {batch ? <BatchStatus status={batch.status} /> : null}
        <span className="mapping-toolbar__spacer" />
        {detail.status === 'loading' ? <ProgressCircle size="S" isIndeterminate aria-label="Asking Catalog for the batch" /> : null}
        <ActionButton onPress={detail.refresh} isDisabled={detail.status === 'loading'}>
          <Refresh />
          <Text>Refresh</Text>
        </ActionButton>
      </div>
      {detail.status === 'error' && detail.error ? (
        <p className="prepare-warning-text" role="alert">
          Catalog did not answer for this batch ({detail.error.code}): {detail.error.message}
          {batch ? ' What is shown is the last known state.' : ''}
        </p>
      ) : null}
      {batch ? (
        <>
          <p className="batch-meaning">{statusView(batch.status).meaning}</p>
          {activeId !== null ? <RevertBatch key={batch.batchId} batch={batch} connectionId={activeId} /> : null}
          <Facts batch={batch} datasetName={datasetName} />
          {batch.job ? (
            <p className="batch-job">
              Sent from this machine on {formatTime(Date.parse(batch.job.startedAt))}: <code className="batch-path">{batch.job.input}</code>,{' '}
              {formatCount(batch.job.recordsExpected)} record{batch.job.recordsExpected === 1 ? '' : 's'} meant to arrive.
            </p>
          ) : null}
          <Section id="batch-metrics-heading" title="Metrics">
            <BatchMetrics batch={batch} />
          </Section>
          <Section id="batch-errors-heading" title="Errors">
            <BatchErrors errors={batch.errors} />
          </Section>
          <Section id="batch-failed-heading" title="Failed records">
            <FailedRecords batch={batch} onLoad={() => void store.getState().loadFailedRecords()} />
          </Section>
        </>
      ) : null}
    </Flex>
  );
}
