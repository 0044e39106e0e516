import type { ReactNode } from 'react';
import type { ConfirmReportShape } from '../../../src-shared/ipc/requests/jobs';

export type ConfirmedIdentity = ConfirmReportShape['identities'][number];

/** Found, missing or not asked (403), in words and color. */
function Outcome({ identity }: { identity: ConfirmedIdentity }) {
  if (identity.found === true) return <span className="tone tone--positive">Found</span>;
  if (identity.found === false) return <span className="tone tone--negative">Missing</span>;
  return <span className="tone tone--notice">Not checked</span>;
}

/**
 * The identities a confirmation looked up: namespace, value, found or not, and why.
 * Why the found cell and the explanation are passed in: an upload's card and a streaming run
 * link to profiles and word their misses differently (a batch's failed records, a rejected
 * streamed record); the table is the same.
 */
export function ConfirmationIdentities({
  identities,
  label,
  renderFound,
  explain,
}: {
  identities: readonly ConfirmedIdentity[];
  label: string;
  renderFound: (identity: ConfirmedIdentity) => ReactNode;
  explain: (identity: ConfirmedIdentity) => string;
}) {
  return (
    <table className="issue-table confirm-table" aria-label={label}>
      <thead>
        <tr>
          <th>Namespace</th>
          <th>Identity</th>
          <th>In Profile</th>
          <th>Explanation</th>
        </tr>
      </thead>
      <tbody>
        {identities.map((identity) => (
          <tr key={`${identity.namespace}:${identity.id}`}>
            <td>
              <code>{identity.namespace}</code>
            </td>
            <th scope="row">{identity.found === true ? renderFound(identity) : <span className="confirm-identity">{identity.id}</span>}</th>
            <td>
              <Outcome identity={identity} />
            </td>
            <td className="confirm-explanation">{explain(identity)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
