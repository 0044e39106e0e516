import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, StatusLight, Text } from '@adobe/react-spectrum';
import type { ReactNode } from 'react';
import { useAppStore } from '../../state/store-context';
import type { UploadJobView } from '../../state/uploads-slice';
import { ConfirmationIdentities, type ConfirmedIdentity } from './confirmation-identities';
import { describeConfirmation, describeConfirmationError } from './upload-format';

/** Where a found profile comes from, in words: the entity id means nothing to a steward. */
function foundWords(identity: ConfirmedIdentity, datasetId: string): string {
  const sources = identity.sources ?? [];
  if (sources.length === 0) return 'Has a profile.';
  const others = sources.filter((s) => s !== datasetId).length;
  if (others === sources.length) return `Has a profile, from ${others} other dataset${others === 1 ? '' : 's'}.`;
  return others === 0 ? 'Has a profile, from this dataset.' : `Has a profile, from this dataset and ${others} other${others === 1 ? '' : 's'}.`;
}

/**
 * Whether the records reached Real-Time Customer Profile: sampled identities looked up, each miss
 * with its likely reason, and "Check again" for those still processing.
 * Why the renderer for found identities is passed in: the link to the Profiles screen belongs to
 * the card that knows how to open it; this table only lays the report out.
 */
export function ConfirmationReport({ job, renderFound }: { job: UploadJobView; renderFound: (identity: ConfirmedIdentity) => ReactNode }) {
  const check = useAppStore((s) => s.checkConfirmation);
  const { status, report, error } = job.confirmation;
  const words = report ? describeConfirmation(report) : null;
  // Main's own attempt failed and nothing newer replaced it (a "Check again" shows its own outcome).
  const mainFailed =
    status === 'idle' && !report && job.result?.confirmationError !== undefined ? describeConfirmationError(job.result.confirmationError) : null;
  return (
    <section className="confirm-report" aria-label={`Confirmation in Profile of ${job.label}`}>
      <Flex alignItems="center" justifyContent="space-between" gap="size-200" wrap>
        <h4 className="upload-card__subtitle">Confirmation in Profile</h4>
        {job.source ? (
          <Button variant="secondary" onPress={() => void check(job.key)} isDisabled={status === 'loading'}>
            Check again
          </Button>
        ) : null}
      </Flex>
      {status === 'loading' ? (
        <Flex alignItems="center" gap="size-100">
          <ProgressCircle size="S" isIndeterminate aria-label="Looking identities up" />
          <Text>Looking the sampled identities up in Profile (it can take a little while after the batch succeeds)…</Text>
        </Flex>
      ) : null}
      {status === 'error' && error ? (
        <InlineAlert variant="negative">
          <Heading>Profile could not be asked</Heading>
          <Content>{error.message}</Content>
        </InlineAlert>
      ) : null}
      {mainFailed ? (
        <InlineAlert variant="notice">
          <Heading>{mainFailed.label}</Heading>
          <Content>{mainFailed.detail}</Content>
        </InlineAlert>
      ) : null}
      {status === 'idle' && !report && !job.source && !mainFailed ? (
        <p className="prepare-muted">
          This upload was resumed from an earlier run; its identities cannot be sampled from here. Look a customer up on the Profiles screen.
        </p>
      ) : null}
      {report && words ? (
        <>
          <StatusLight variant={words.tone} role="status">
            {words.label}
          </StatusLight>
          <p className="confirm-detail">
            {words.detail}
            {report.rounds > 1 ? ` Asked ${report.rounds} times over ${Math.round(report.waitedMs / 1000)} s.` : ''}
          </p>
          {report.identities.length > 0 ? (
            <ConfirmationIdentities
              identities={report.identities}
              label="Sampled identities"
              renderFound={renderFound}
              explain={(identity) => (identity.found === true ? foundWords(identity, job.datasetId) : (identity.explanation ?? ''))}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
