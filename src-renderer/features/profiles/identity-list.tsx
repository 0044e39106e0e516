import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';

type Identity = NonNullable<ProfileLookup['profile']>['identities'][number];

/**
 * The identities Profile stitched into this profile, the primary one marked.
 * Why the looked-up one is marked too: it tells a steward which row answered the question, and
 * the others show what the identity graph joined to it.
 */
export function IdentityList({ identities, asked }: { identities: readonly Identity[]; asked: { namespace: string; id: string } }) {
  if (identities.length === 0) return <p className="target-empty">Profile returned no identity.</p>;
  return (
    <div className="target-table-frame">
      <table className="target-table" aria-label="Identities">
        <thead>
          <tr>
            <th scope="col">Namespace</th>
            <th scope="col">Value</th>
            <th scope="col">
              <span className="visually-hidden">Marks</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {identities.map((identity) => {
            const isAsked = identity.id === asked.id && identity.namespace.toLowerCase() === asked.namespace.toLowerCase();
            return (
              <tr key={`${identity.namespace}:${identity.id}`} aria-label={`${identity.namespace} ${identity.id}`}>
                <td>
                  <span className="identity-chip__namespace">{identity.namespace}</span>
                </td>
                <td className="profile-identity__value">{identity.id}</td>
                <td className="profile-identity__marks">
                  {identity.primary ? <span className="profile-mark profile-mark--primary">Primary</span> : null}
                  {isAsked ? <span className="profile-mark">Looked up</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
