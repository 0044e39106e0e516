/**
 * The lookup's answer as JSON, folded: the profile (entity id, sources, identities, attributes as
 * Profile merged them) and its events, as main read them from Profile Access.
 * Why kept: the tree and the timeline are readings of it; a steward comparing with AEP's own
 * tools, or filing a support case, needs the values themselves.
 */
export function RawJson({ value, label }: { value: unknown; label: string }) {
  return (
    <details className="raw-json">
      <summary>{label}</summary>
      <pre className="raw-json__text" aria-label={label}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
