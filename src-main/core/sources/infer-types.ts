import type { CellValue, ColumnType } from '../../../src-shared/domain/inspection';

/**
 * Column type inference from sampled cells.
 * Why: suggestions and validation need a first guess at each column's type; the rules are
 * conservative so that nothing is lost when the guess is used: "00123" (a zip code) and
 * "+14155550100" (a phone number) stay strings, because reading them as numbers drops digits.
 */

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)?(\.\d+)?([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/** The type of one text cell (CSV, TSV), or null for an empty cell. */
export function inferTextCellType(cell: string): ColumnType | null {
  const value = cell.trim();
  if (value === '') return null;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') return 'boolean';
  if (INTEGER.test(value)) return Number.isSafeInteger(Number(value)) ? 'integer' : 'string';
  if (/\d/.test(value) && NUMBER.test(value) && Number.isFinite(Number(value))) return 'number';
  return inferDateType(value) ?? 'string';
}

/** The type of one JSON or Parquet value; strings are checked for dates only (JSON has no date type). */
export function inferValueType(value: CellValue): ColumnType | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return value === '' ? null : (inferDateType(value) ?? 'string');
  return Array.isArray(value) ? 'array' : 'object';
}

function inferDateType(value: string): 'date' | 'date-time' | null {
  const date = DATE.exec(value);
  if (date) return isCalendarDate(date[1], date[2], date[3]) ? 'date' : null;
  const dateTime = DATE_TIME.exec(value);
  if (dateTime && isCalendarDate(dateTime[1], dateTime[2], dateTime[3])) {
    const hours = Number(dateTime[4]);
    const minutes = Number(dateTime[5]);
    const seconds = dateTime[7] === undefined ? 0 : Number(dateTime[7]);
    if (hours <= 23 && minutes <= 59 && seconds <= 60) return 'date-time';
  }
  return null;
}

function isCalendarDate(year?: string, month?: string, day?: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The narrowest type that holds both: integer+number is number, date+date-time is date-time, else string. */
export function widenType(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b) return a;
  const pair = new Set([a, b]);
  if (pair.has('integer') && pair.has('number')) return 'number';
  if (pair.has('date') && pair.has('date-time')) return 'date-time';
  return 'string';
}

/** Tallies one column's sampled cells into a type and an empty ratio. */
export class ColumnTally {
  private type: ColumnType | null = null;
  private cells = 0;
  private empty = 0;

  add(type: ColumnType | null): void {
    this.cells += 1;
    if (type === null) this.empty += 1;
    else this.type = this.type === null ? type : widenType(this.type, type);
  }

  /** A column with only empty cells is a string column. */
  result(): { type: ColumnType; emptyRatio: number } {
    return { type: this.type ?? 'string', emptyRatio: this.cells === 0 ? 0 : this.empty / this.cells };
  }
}
