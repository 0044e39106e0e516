import type { IdentityDescriptorSummary, SchemaSummary } from '../../../src-shared/platform/targets';
import { primaryIdentity } from '../../state/targets-slice';

/** `/personalEmail/address` → `personalEmail.address`: how stewards read XDM paths. */
export function dottedPath(path: string): string {
  return path.replace(/^\//, '').split('/').join('.');
}

/** A dotted path with a break point after each dot: narrow, it wraps between names, not inside one. */
function BreakablePath({ path }: { path: string }) {
  const names = path.split('.');
  return (
    <>
      {names.map((name, i) => (
        <span key={i}>
          {name}
          {i < names.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </span>
      ))}
    </>
  );
}

function IdentityChip({ identity }: { identity: IdentityDescriptorSummary }) {
  return (
    <span className="identity-chip">
      <span className="identity-chip__path">
        <BreakablePath path={dottedPath(identity.path)} />
      </span>
      <span className="identity-chip__namespace">{identity.namespace}</span>
    </span>
  );
}

/**
 * The primary identity of a schema, or a plain "none" that explains itself.
 * Why shown on both tables: a Profile load without a primary identity is refused, so it is the
 * first thing to check before choosing a target.
 */
export function PrimaryIdentityCell({ schema }: { schema: SchemaSummary | undefined }) {
  const primary = primaryIdentity(schema);
  if (!primary) return <span className="target-muted">{schema ? 'None' : 'Unknown schema'}</span>;
  return <IdentityChip identity={primary} />;
}

/** The other identity fields of a schema. */
export function IdentityFieldsCell({ schema }: { schema: SchemaSummary }) {
  const others = schema.identities.filter((identity) => !identity.primary);
  if (others.length === 0) return <span className="target-muted">—</span>;
  return (
    <span className="identity-chips">
      {others.map((identity) => (
        <IdentityChip key={`${identity.path}:${identity.namespace}`} identity={identity} />
      ))}
    </span>
  );
}
