import type { ReactNode } from 'react';
import type { XdmIssueShape } from '../../../src-shared/ipc/requests/mapping';
import { NOT_WRITTEN, pathsOf, withPlaceholders } from './record-paths';

/** Issues by the path they name (`person.birthDate`, `items[0].SKU`, '' for the record). */
export function issuesByPath(issues: readonly XdmIssueShape[]): Map<string, XdmIssueShape[]> {
  const map = new Map<string, XdmIssueShape[]>();
  for (const issue of issues) map.set(issue.path, [...(map.get(issue.path) ?? []), issue]);
  return map;
}

function IssueNotes({ issues }: { issues: readonly XdmIssueShape[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <>
      {issues.map((issue, i) => (
        <span key={i} className={`record-tree__issue record-tree__issue--${issue.severity}`} title={issue.kind}>
          {issue.kind}: {issue.message}
        </span>
      ))}
    </>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === NOT_WRITTEN) return <span className="record-tree__refused">not written</span>;
  if (typeof value === 'string') return <span className="record-tree__string">"{value}"</span>;
  if (typeof value === 'number') return <span className="record-tree__number">{value}</span>;
  if (typeof value === 'boolean') return <span className="record-tree__boolean">{String(value)}</span>;
  return <span className="record-tree__null">null</span>;
}

function Node({ name, value, path, issues }: { name: ReactNode; value: unknown; path: string; issues: Map<string, XdmIssueShape[]> }) {
  const own = issues.get(path);
  const flagged = own?.some((i) => i.severity === 'error') ? ' record-tree__node--error' : own?.length ? ' record-tree__node--warning' : '';
  const isArray = Array.isArray(value);
  if (typeof value === 'object' && value !== null) {
    const entries = isArray ? (value as unknown[]).map((v, i) => [i, v] as const) : Object.entries(value);
    return (
      <li className={`record-tree__node${flagged}`} data-path={path}>
        <span className="record-tree__key">{name}</span>
        <span className="record-tree__brace">{isArray ? `[${entries.length}]` : '{}'}</span>
        <IssueNotes issues={own} />
        <ul>
          {entries.map(([k, v]) => {
            const child = typeof k === 'number' ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
            return <Node key={String(k)} name={typeof k === 'number' ? `[${k}]` : k} value={v} path={child} issues={issues} />;
          })}
        </ul>
      </li>
    );
  }
  return (
    <li className={`record-tree__node${flagged}`} data-path={path}>
      <span className="record-tree__key">{name}</span>: <Scalar value={value} />
      <IssueNotes issues={own} />
    </li>
  );
}

/**
 * An XDM record as a JSON tree with every issue at its field.
 * Why issues at the field: "invalid date" means little until it sits next to the value that
 * is not a date; issues about absent fields (a missing required one) are listed above the tree.
 */
export function RecordTree({ record, issues, label }: { record: Record<string, unknown>; issues: readonly XdmIssueShape[]; label: string }) {
  const byPath = issuesByPath(issues);
  const present = pathsOf(record, '', new Set());
  const elsewhere = issues.filter((i) => i.path === '');
  const shown = withPlaceholders(
    record,
    issues.filter((i) => i.path !== '' && !present.has(i.path)).map((i) => i.path),
  );
  // A group, not a tree: it is read, not navigated item by item (a tree needs treeitems).
  return (
    <div className="record-tree" aria-label={label} role="group">
      {elsewhere.length > 0 ? (
        <ul className="record-tree__absent" aria-label="Issues without a value">
          {elsewhere.map((issue, i) => (
            <li key={i} className={`record-tree__issue record-tree__issue--${issue.severity}`}>
              <code>{issue.path || '(record)'}</code> {issue.kind}: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="record-tree__root">
        {Object.keys(shown).length === 0 ? <li className="record-tree__empty">(empty record)</li> : null}
        {Object.entries(shown).map(([k, v]) => (
          <Node key={k} name={k} value={v} path={k} issues={byPath} />
        ))}
      </ul>
    </div>
  );
}
