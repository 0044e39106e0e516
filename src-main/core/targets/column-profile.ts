import type { CellValue, ColumnType, TextEncoding } from '../../../src-shared/domain/inspection';
import { inferTextCellType, inferValueType, widenType } from '../sources/infer-types';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import { inspectFile, openRowBatches } from '../sources/index';

/**
 * The type of every column read from the WHOLE file, for the fields of a new schema.
 * Why the whole file: a schema field is permanent once data lands in it, and a sample of 100
 * rows cannot see the one "n/a" in row 90,000 that makes an integer column a string column, nor
 * the value past 2^31 that makes it a long.
 */

/** XDM field kinds a column can become; `integer` is XDM's 32-bit int, `long` needs 2^53. */
export const fieldKinds = ['string', 'integer', 'long', 'number', 'boolean', 'date', 'date-time'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** A string format all of a column's values satisfy (XDM keeps `format` on string fields). */
export type StringFormat = 'email' | 'uri';

export interface ColumnProfile {
  name: string;
  kind: FieldKind;
  format?: StringFormat;
  /** Rows with a value in this column. */
  filled: number;
  /** Rows without one (empty cell, null, missing key). */
  empty: number;
  /** Nested values (JSON objects, arrays): no flat field can hold them; the proposal leaves them out. */
  nested: boolean;
}

const INT32 = 2_147_483_647;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/**
 * Accumulates one column's values into its narrowest type, its integer range and its string formats.
 * A type the steward chose (a read setting: a type, or a date format) is the field's kind whatever
 * the cells say. Why: the steward knows that codes of digits are text, or that a date column's
 * few typos are typos; the cells that do not fit are then the rows prepare rejects.
 */
export class ColumnProfiler {
  private type: ColumnType | null = null;
  private filled = 0;
  private empty = 0;
  private beyondInt32 = false;
  private allEmail = true;
  private allUri = true;

  constructor(
    private readonly name: string,
    private readonly chosen?: ColumnType,
  ) {}

  /** One text cell (CSV, TSV). */
  addText(cell: string | undefined): void {
    this.count(cell === undefined ? null : inferTextCellType(cell), cell?.trim() ?? '');
  }

  /** One JSON or Parquet value (Parquet INT64 arrives as a string of digits). */
  addValue(value: CellValue | undefined): void {
    if (typeof value === 'string' && /^-?\d+$/.test(value)) {
      this.count(inferTextCellType(value), value);
      return;
    }
    this.count(value === undefined ? null : inferValueType(value), typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  }

  private count(type: ColumnType | null, text: string): void {
    if (type === null) {
      this.empty += 1;
      return;
    }
    this.filled += 1;
    this.type = this.type === null ? type : widenType(this.type, type);
    if (type === 'integer' && Math.abs(Number(text)) > INT32) this.beyondInt32 = true;
    if (type === 'string') {
      this.allEmail &&= EMAIL.test(text);
      this.allUri &&= URI.test(text);
    } else {
      this.allEmail = false;
      this.allUri = false;
    }
  }

  result(): ColumnProfile {
    const type = this.chosen ?? this.type ?? 'string';
    const nested = type === 'object' || type === 'array';
    const kind: FieldKind = nested ? 'string' : type === 'integer' && this.beyondInt32 ? 'long' : (type as FieldKind);
    const format: StringFormat | undefined = kind !== 'string' || this.filled === 0 ? undefined : this.allEmail ? 'email' : this.allUri ? 'uri' : undefined;
    return { name: this.name, kind, ...(format ? { format } : {}), filled: this.filled, empty: this.empty, nested };
  }
}

/** How far a profile has read: bytes (0 when the reader cannot tell, as for Parquet) and rows. */
export interface ProfileProgress {
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
}

/**
 * Streams the file through the same readers as prepare and profiles every column.
 * Malformed rows are skipped: prepare rejects them, so they never reach the schema.
 */
export async function profileColumns(
  file: string,
  options: { signal?: AbortSignal; onProgress?: (progress: ProfileProgress) => void; read?: ReadSettings; encoding?: TextEncoding } = {},
): Promise<ColumnProfile[]> {
  const inspection = await inspectFile(file, { ...(options.read ? { read: options.read } : {}), ...(options.encoding ? { encoding: options.encoding } : {}) });
  const profilers = inspection.columns.map((c) => new ColumnProfiler(c.name, c.chosen ? c.type : undefined));
  const bytesTotal = inspection.file.size;
  let rowsRead = 0;
  for await (const batch of openRowBatches(file, inspection, options.signal ? { signal: options.signal } : {})) {
    rowsRead += batch.items.length;
    options.onProgress?.({ bytesRead: batch.bytesRead ?? 0, bytesTotal, rowsRead });
    for (const item of batch.items) {
      if (item.kind === 'cells') profilers.forEach((p, i) => p.addText(item.cells[i]));
      else if (item.kind === 'record') profilers.forEach((p, i) => p.addValue(fieldOf(item.record, inspection.columns[i]?.name)));
    }
  }
  return profilers.map((p) => p.result());
}

/** A record's own value for a column (never one inherited from Object.prototype). */
function fieldOf(record: { [key: string]: CellValue }, name: string | undefined): CellValue | undefined {
  return name !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}
