import { isPlainObject, scalarText } from './profile-words';

function Leaf({ name, value }: { name: string; value: unknown }) {
  const empty = value === null || value === undefined;
  return (
    <li className="attr-tree__leaf">
      <span className="attr-tree__key">{name}</span>
      <span className={`attr-tree__value${empty ? ' attr-tree__value--empty' : ''}`}>{scalarText(value)}</span>
    </li>
  );
}

function Branch({ name, value }: { name: string; value: Record<string, unknown> | unknown[] }) {
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [`${i + 1}`, v]) : Object.entries(value);
  return (
    <li className="attr-tree__branch">
      <details open>
        <summary>
          <span className="attr-tree__key">{name}</span>
          <span className="attr-tree__count">
            {Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : `${entries.length} field${entries.length === 1 ? '' : 's'}`}
          </span>
        </summary>
        <Nodes entries={entries} />
      </details>
    </li>
  );
}

function Nodes({ entries }: { entries: Array<[string, unknown]> }) {
  return (
    <ul>
      {entries.map(([key, value]) =>
        isPlainObject(value) || Array.isArray(value) ? <Branch key={key} name={key} value={value} /> : <Leaf key={key} name={key} value={value} />,
      )}
    </ul>
  );
}

/**
 * XDM attributes as a tree of field names and values, each object foldable.
 * Why not JSON: a steward checks "is the first name right", and names with plain values read
 * faster than braces and quotes; the raw JSON is one click away below.
 */
export function AttributeTree({ value, label }: { value: Record<string, unknown>; label: string }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <p className="target-empty">No attribute.</p>;
  return (
    <div className="attr-tree" aria-label={label} role="group">
      <Nodes entries={entries} />
    </div>
  );
}
