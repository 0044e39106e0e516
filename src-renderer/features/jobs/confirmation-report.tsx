import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, StatusLight, Text } from '@adobe/react-spectrum';
import type { ReactNode } from 'react';
import type { ConfirmReportShape } from '../../../src-shared/ipc/requests/ingest';
import { useAppStore } from '../../state/store-context';
import type { UploadJobView } from '../../state/uploads-slice';
import { describeConfirmation, describeConfirmationError } from './upload-format';

type Identity = ConfirmReportShape['identities'][number];

/** Found, missing or not asked (403), in words and color. */
function Outcome({ identity }: { identity: Identity }) {
  if (identity.found === true) return <span className="tone tone--positive">Found</span>;
  if (identity.found === false) return <span className="tone tone--negative">Missing</span>;
  return <span className="tone tone--notice">Not checked</span>;
}

/** Where a found profile comes from, in words: the entity id means nothing to a steward. */
function foundWords(identity: Identity, datasetId: string): string {
  const sources = identity.sources ?? [];
  if (sources.length === 0) return 'Has a profile.';
  const others = sources.filter((s) => s !== datasetId).length;
  if (others === sources.length) return `Has a profile, from ${others} other dataset${others === 1 ? '' : 's'}.`;
  return others === 0 ? 'Has a profile, from this dataset.' : `Has a profile, from this dataset and ${others} other${others === 1 ? '' : 's'}.`;
}

function IdentityRow({ identity, datasetId, renderFound }: { identity: Identity; datasetId: string; renderFound: (identity: Identity) => ReactNode }) {
  return (
    <tr>
      <td>
        <code>{identity.namespace}</code>
      </td>
      <th scope="row">{identity.found === true ? renderFound(identity) : <span className="confirm-identity">{identity.id}</span>}</th>
      <td>
        <Outcome identity={identity} />
      </td>
      <td className="confirm-explanation">
        {identity.found === true ? foundWords(identity, datasetId) : (identity.explanation ?? '')}
      </td>
    </tr>
  );
}

/**
 * Whether the records reached Real-Time Customer Profile: sampled identities looked up, each miss
 * with its likely reason, and "Check again" for those still processing.
 * Why the renderer for found identities is passed in: the link to the Profiles screen belongs to
 * the card that knows how to open it; this table only lays the report out.
 */
export function ConfirmationReport({ job, renderFound }: { job: UploadJobView; renderFound: (identity: Identity) => ReactNode }) {
  const check = useAppStore((s) => s.checkConfirmation);
  const { status, report, error } = job.confirmation;
  const words = report ? describeConfirmation(report) : null;
  // Main's own attempt failed and nothing newer replaced it (a "Check again" shows its own outcome).
  const mainFailed = status === 'idle' && !report && job.result?.confirmationError !== undefined ? describeConfirmationError(job.result.confirmationError) : null;
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
        <p className="prepare-muted">This upload was resumed from an earlier run; its identities cannot be sampled from here. Look a customer up on the Profiles screen.</p>
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
            <table className="issue-table confirm-table" aria-label="Sampled identities">
              <thead>
                <tr>
                  <th>Namespace</th>
                  <th>Identity</th>
                  <th>In Profile</th>
                  <th>Explanation</th>
                </tr>
              </thead>
              <tbody>
                {report.identities.map((identity) => (
                  <IdentityRow key={`${identity.namespace}:${identity.id}`} identity={identity} datasetId={job.datasetId} renderFound={renderFound} />
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
