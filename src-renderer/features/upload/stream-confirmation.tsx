import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, StatusLight, Text } from '@adobe/react-spectrum';
import type { ConfirmReportShape } from '../../../src-shared/ipc/requests/ingest';
import { useAppStore } from '../../state/store-context';
import type { StreamRunView, StreamSendResult } from '../../state/streaming-slice';
import { ProfileLink } from '../jobs/profile-link';
import { describeConfirmation } from '../jobs/upload-format';
import { streamedMissingWords } from './streaming-words';

type Identity = ConfirmReportShape['identities'][number];

function Outcome({ identity }: { identity: Identity }) {
  if (identity.found === true) return <span className="tone tone--positive">Found</span>;
  if (identity.found === false) return <span className="tone tone--negative">Missing</span>;
  return <span className="tone tone--notice">Not checked</span>;
}

function IdentityTable({ report, run, result }: { report: ConfirmReportShape; run: StreamRunView; result: StreamSendResult }) {
  return (
    <table className="issue-table confirm-table" aria-label="Streamed identities">
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
          <tr key={`${identity.namespace}:${identity.id}`}>
            <td>
              <code>{identity.namespace}</code>
            </td>
            <th scope="row">
              {identity.found === true ? (
                <ProfileLink namespace={identity.namespace} id={identity.id} connectionId={run.connectionId} />
              ) : (
                <span className="confirm-identity">{identity.id}</span>
              )}
            </th>
            <td>
              <Outcome identity={identity} />
            </td>
            <td className="confirm-explanation">{identity.found === true ? 'Has a profile.' : streamedMissingWords(identity, result)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
          {report.identities.length > 0 ? <IdentityTable report={report} run={run} result={result} /> : null}
        </>
      ) : null}
    </section>
  );
}
