import type { CellValue, ColumnType, FileFormat, FileInspection, TextEncoding } from '../../../src-shared/domain/inspection';

/**
 * Plain-language labels for what an inspection reports.
 * Why a module of pure functions: the words a data steward reads ("Tab", "Windows (CRLF)")
 * are product decisions; they are tested here once instead of being spelled in components.
 */

const byteUnits = ['KB', 'MB', 'GB', 'TB'] as const;

/** A size in bytes as people read it: 1,234 bytes, 12.3 KB, 1.5 GB (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${byteUnits[unit]}`;
}

const formatNames: Record<FileFormat, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
};

export function describeFormat(format: FileFormat): string {
  return formatNames[format];
}

const encodingNames: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  latin1: 'Latin-1',
};

/** The text encoding, with the byte order mark when the file has one; Parquet has none. */
export function describeEncoding(encoding: TextEncoding | null, bom: boolean): string {
  if (encoding === null) return 'Binary (UTF-8 strings)';
  return bom ? `${encodingNames[encoding]} with BOM` : encodingNames[encoding];
}

const delimiterNames: Record<string, string> = {
  ',': 'Comma',
  '\t': 'Tab',
  ';': 'Semicolon',
  '|': 'Pipe',
  ' ': 'Space',
  ':': 'Colon',
};

/** A delimiter as a word (a bare "," or an invisible tab reads badly); unknown ones quoted. */
export function describeDelimiter(delimiter: string | null): string {
  if (delimiter === null) return 'None';
  return delimiterNames[delimiter] ?? `“${delimiter}”`;
}

const lineEndingNames: Record<NonNullable<FileInspection['lineEnding']>, string> = {
  lf: 'LF (Unix, macOS)',
  crlf: 'CRLF (Windows)',
  cr: 'CR (classic Mac)',
  mixed: 'Mixed',
};

export function describeLineEnding(lineEnding: FileInspection['lineEnding']): string {
  return lineEnding === null ? 'None' : lineEndingNames[lineEnding];
}

/** A count with thousands separators: 12,345. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** A 0..1 share as a whole percentage, never rounding a non-zero share down to 0%. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

const typeNames: Record<ColumnType, string> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  'date-time': 'date-time',
  object: 'object',
  array: 'array',
};

export function describeColumnType(type: ColumnType): string {
  return typeNames[type];
}

/**
 * A cell as text: strings as they are, nested values as compact JSON.
 * Null is returned as null so the grid can show it differently from an empty string.
 */
export function formatCell(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
