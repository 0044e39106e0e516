import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, StatusLight, Text } from '@adobe/react-spectrum';
import { useAppStore } from '../../state/store-context';
import type { StreamRunView, StreamSendResult } from '../../state/streaming-slice';
import { ConfirmationIdentities } from '../jobs/confirmation-identities';
import { ProfileLink } from '../jobs/profile-link';
import { describeConfirmation } from '../jobs/upload-format';
import { streamedMissingWords } from './streaming-words';

/**
 * Whether the streamed records reached Real-Time Customer Profile: the same lookup the Jobs
 * screen makes after a batch (`jobs.confirm`), each found identity a link to its profile.
 * Why not the Jobs screen's report itself: that one belongs to an upload job (its "Check again"
 * asks again by job), and its words for a miss speak of a batch's failed records.
 */
export function StreamConfirmation({ run, result }: { run: StreamRunView; result: StreamSendResult }) {
  const check = useAppStore((s) => s.checkStreamedInProfile);
  const { status, report, error } = run.confirmation;
  const words = report ? describeConfirmation(report) : null;
  return (
    <section className="confirm-report" aria-label={`Confirmation in Profile of ${run.fileName}`}>
      <Flex alignItems="center" justifyContent="space-between" gap="size-200" wrap>
        <h4 className="upload-card__subtitle">Confirmation in Profile</h4>
        <Button variant="secondary" onPress={() => void check()} isDisabled={status === 'loading'}>
          Check again
        </Button>
      </Flex>
      {status === 'loading' ? (
        <Flex alignItems="center" gap="size-100">
          <ProgressCircle size="S" isIndeterminate aria-label="Looking identities up" />
          <Text>Looking the streamed identities up in Profile…</Text>
        </Flex>
      ) : null}
      {status === 'error' && error ? (
        <InlineAlert variant="negative">
          <Heading>Profile could not be asked</Heading>
          <Content>{error.message}</Content>
        </InlineAlert>
      ) : null}
      {report && words ? (
        <>
          <StatusLight variant={words.tone} role="status">
            {words.label}
          </StatusLight>
          <p className="confirm-detail">{words.detail}</p>
          {report.identities.length > 0 ? (
            <ConfirmationIdentities
              identities={report.identities}
              label="Streamed identities"
              renderFound={(identity) => <ProfileLink namespace={identity.namespace} id={identity.id} connectionId={run.connectionId} />}
              explain={(identity) => (identity.found === true ? 'Has a profile.' : streamedMissingWords(identity, result))}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
