import type { CellValue, FileInspection } from '../domain/inspection';

/**
 * What a column's sample values say about it, for suggestions.
 * Why values and not only names: `country` holding `FR`, `DE` is a code and belongs in
 * `countryCode`; `created_at` holding timestamps can never be a name or an id. A name alone
 * cannot tell these apart; a few values can.
 */
export interface ColumnValues {
  /** Non-empty sample values read, as text. */
  count: number;
  /** Every value is a short upper-case code (`FR`, `USD`): an ISO country, currency or language code. */
  isoCode: boolean;
  /** Every value is a date or a date-time, whatever type the reader inferred. */
  temporal: boolean;
  /** Every value is an e-mail address. */
  email: boolean;
  /** Every value is a time in epoch milliseconds (13 digits: 2001 to 2286), which date-time fields convert. */
  epochMillis: boolean;
}

const ISO_CODE = /^[A-Z]{2,3}$/;
/** ISO dates and date-times (offset after a space too, as Shopify writes them), and US dates (`3/14/2024 9:05 PM`). */
const DATE_OR_TIME = [
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( ?(Z|UTC|[+-]\d{2}:?\d{2}))?)?$/,
  /^\d{1,2}\/\d{1,2}\/\d{2,4}( \d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?)?$/i,
];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Enough values to trust a pattern; fewer say nothing. */
const MIN_VALUES = 2;

/** Text of the scalar sample values, empties left out. */
function texts(samples: readonly CellValue[]): string[] {
  const out: string[] = [];
  for (const v of samples) {
    if (v === null || typeof v === 'object') continue;
    const text = String(v).trim();
    if (text !== '') out.push(text);
  }
  return out;
}

export function columnValues(samples: readonly CellValue[]): ColumnValues {
  const values = texts(samples);
  const all = (test: (v: string) => boolean): boolean => values.length >= MIN_VALUES && values.every(test);
  return {
    count: values.length,
    isoCode: all((v) => ISO_CODE.test(v)),
    temporal: all((v) => DATE_OR_TIME.some((re) => re.test(v))),
    email: all((v) => EMAIL.test(v)),
    epochMillis: all((v) => /^1\d{12}$/.test(v)),
  };
}

/** Whether every sample value matches a field's pattern (a pattern that does not compile says nothing). */
export function valuesMatch(samples: readonly CellValue[], pattern: string): boolean | null {
  const values = texts(samples);
  if (values.length < MIN_VALUES) return null;
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return null;
  }
  return values.every((v) => re.test(v));
}

/** The columns of an inspected file with their sample values, as suggestions take them. */
export function columnsWithSamples(inspection: Pick<FileInspection, 'columns' | 'rows'>): Array<FileInspection['columns'][number] & { samples: CellValue[] }> {
  return inspection.columns.map((column, i) => ({ ...column, samples: inspection.rows.map((row) => row[i] ?? null) }));
}
