import { useActiveTargets } from '../../queries/use-server-state';

/**
 * The datasets whose records make up this profile, by name when the connection lists them.
 * Why it matters: a profile missing an attribute often means its dataset is not among these
 * (not enabled for Profile, or the load has not been processed yet).
 */
export function SourceList({ sources }: { sources: readonly string[] }) {
  const { datasets } = useActiveTargets();
  if (sources.length === 0) return <p className="target-empty">Profile did not say which datasets contributed.</p>;
  return (
    <ul className="profile-sources" aria-label="Contributing datasets">
      {sources.map((id) => {
        const name = datasets.find((d) => d.id === id)?.name;
        return (
          <li key={id}>
            {name ? <span className="target-title">{name}</span> : null}
            <span className="target-id">{id}</span>
          </li>
        );
      })}
    </ul>
  );
}
