import { ProgressCircle } from '@adobe/react-spectrum';
import { useMemo, useState } from 'react';
import type { MappingProblem, PreviewRecord } from '../../../src-shared/ipc/requests/mapping';
import { summarise } from '../../state/mapping-slice';
import { useAppStore } from '../../state/store-context';
import { mapsSomething, sampleVerdict, type SampleVerdict } from './mapping-coverage';
import { RecordTree } from './record-tree';

/** The headline of the sample: what it shows of the mapping, never "all accepted" for an unfinished one. */
function VerdictText({ verdict }: { verdict: SampleVerdict }) {
  switch (verdict.kind) {
    case 'nothing-mapped':
      return <span className="validation-summary__bad">Nothing is mapped yet: every record would be empty</span>;
    case 'invalid-rules':
      return (
        <span className="validation-summary__bad">
          {verdict.invalid} rule{verdict.invalid === 1 ? ' is' : 's are'} invalid: the sample is mapped without {verdict.invalid === 1 ? 'it' : 'them'}, and the
          file cannot be prepared
        </span>
      );
    case 'checked':
      return (
        <span className={verdict.accepted === verdict.rows ? 'validation-summary__ok' : 'validation-summary__bad'}>
          {verdict.accepted} of {verdict.rows} sample rows accepted
        </span>
      );
  }
}

/** Accepted and rejected sample rows, and issues by field and kind, over the sample. */
function ValidationSummary({
  records,
  problems,
  mapsSomething,
}: {
  records: readonly PreviewRecord[];
  problems: readonly MappingProblem[];
  mapsSomething: boolean;
}) {
  const s = useMemo(() => summarise(records), [records]);
  const verdict = sampleVerdict(records, problems, mapsSomething);
  return (
    <section className="validation-summary" aria-label="Validation summary">
      <div className="validation-summary__counts">
        <VerdictText verdict={verdict} />
        <span>
          {s.errors} error{s.errors === 1 ? '' : 's'}, {s.warnings} warning{s.warnings === 1 ? '' : 's'}
        </span>
      </div>
      {s.byField.length > 0 ? (
        <table className="issue-table">
          <thead>
            <tr>
              <th>Field</th>
              <th>Issue</th>
              <th className="issue-table__count">Rows</th>
            </tr>
          </thead>
          <tbody>
            {s.byField.map((entry) => (
              <tr key={`${entry.field}:${entry.kind}`} className={`issue-table__row--${entry.severity}`}>
                <td>
                  <code>{entry.field}</code>
                </td>
                <td>{entry.kind}</td>
                <td className="issue-table__count">{entry.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/**
 * The sample rows as XDM records, one at a time, with their issues at their fields.
 * Why one at a time with a row list: a record of a Profile schema is tall; the list shows at a
 * glance which rows fail, and the tree shows why.
 */
export function SampleRecords() {
  const preview = useAppStore((s) => s.mapping.preview);
  const status = useAppStore((s) => s.mapping.previewStatus);
  const writes = useAppStore((s) => mapsSomething(s.mapping));
  const [selected, setSelected] = useState(0);
  const records = preview?.records ?? [];
  const record = records[Math.min(selected, Math.max(0, records.length - 1))];
  if (!preview)
    return status === 'loading' ? (
      <ProgressCircle aria-label="Mapping sample rows" isIndeterminate size="S" />
    ) : (
      <p className="prepare-muted">No sample yet.</p>
    );
  return (
    <div className="sample-records">
      <ValidationSummary records={records} problems={preview.problems} mapsSomething={writes} />
      <div className="sample-records__body">
        <ul className="sample-records__rows" aria-label="Sample rows">
          {records.map((r, i) => (
            <li key={r.rowNumber}>
              <button
                type="button"
                className={`sample-records__row${r === record ? ' sample-records__row--selected' : ''}`}
                aria-pressed={r === record}
                onClick={() => setSelected(i)}
              >
                <span className={r.accepted ? 'sample-records__mark--ok' : 'sample-records__mark--bad'} aria-hidden>
                  {r.accepted ? '✓' : '✕'}
                </span>
                Row {r.rowNumber}
                {r.issues.length > 0 ? <span className="sample-records__count">{r.issues.length}</span> : null}
              </button>
            </li>
          ))}
        </ul>
        {record ? <RecordTree record={record.record} issues={record.issues} label={`XDM record of row ${record.rowNumber}`} /> : null}
      </div>
    </div>
  );
}
