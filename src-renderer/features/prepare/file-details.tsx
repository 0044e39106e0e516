import { useMemo } from 'react';
import type { FileInspection } from '../../../src-shared/domain/inspection';
import { describeDelimiter, describeEncoding, describeFormat, describeLineEnding, formatCount } from './format';

interface Fact {
  label: string;
  value: string;
}

/** The facts worth showing for this format: a delimiter means nothing to Parquet or JSON. */
function factsOf(inspection: FileInspection): Fact[] {
  const facts: Fact[] = [
    { label: 'Format', value: describeFormat(inspection.format) },
    { label: 'Encoding', value: describeEncoding(inspection.encoding, inspection.bom) },
  ];
  if (inspection.delimiter !== null) facts.push({ label: 'Delimiter', value: describeDelimiter(inspection.delimiter) });
  if (inspection.format === 'csv' || inspection.format === 'tsv') {
    facts.push({ label: 'Header row', value: inspection.hasHeader ? 'Yes' : 'No (columns numbered)' });
  }
  if (inspection.lineEnding !== null) facts.push({ label: 'Line endings', value: describeLineEnding(inspection.lineEnding) });
  facts.push({ label: 'Columns', value: formatCount(inspection.columns.length) });
  if (inspection.totalRows !== null) facts.push({ label: 'Rows', value: formatCount(inspection.totalRows) });
  return facts;
}

/**
 * What was detected about the file, as a description list.
 * Why a <dl>: each fact is a term and its value, which is what assistive technology and the
 * e2e tests read.
 */
export function FileDetails({ inspection }: { inspection: FileInspection }) {
  const facts = useMemo(() => factsOf(inspection), [inspection]);
  return (
    <dl className="file-details" aria-label="File details">
      {facts.map((fact) => (
        <div className="file-details__fact" key={fact.label}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
