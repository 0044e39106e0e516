import type { ColumnType, InspectedColumn } from '../../../src-shared/domain/inspection';
import { dateFormatHasTime, type ColumnReadSetting } from '../../../src-shared/domain/read-settings';
import { compileDatePattern } from '../mapping/date-pattern';
import { ColumnTally, inferTextCellType } from './infer-types';

/**
 * The type of one CSV/TSV column from its sampled cells, with the steward's setting if any, and
 * the cells that do not fit it.
 * Why more than a tally: a date column with three typos would widen to text, and the steward
 * would map it as text without knowing; read as a date with those three rows named, the typos
 * are found before the job rejects them. And a type the steward chose is checked the same way.
 */

/** Misfits kept by row number, so the steward can find them. */
const LISTED_MISFITS = 5;

/** Most misfits (as a share of the filled cells) a column can have and still be read as a date. */
const MAX_MISFIT_SHARE = 0.1;

type CellCheck = (cell: string, type: ColumnType | null) => boolean;

/** Whether a cell of inferred type `cell` can be read as `column` (empty cells always can). */
function fitsType(column: ColumnType, cell: ColumnType | null): boolean {
  if (cell === null || column === 'string' || column === cell) return true;
  if (column === 'number') return cell === 'integer';
  if (column === 'date-time') return cell === 'date';
  return false;
}

export class TextColumnTyper {
  readonly #tally = new ColumnTally();
  /** Rows and inferred cell types, kept to check them once the column's type is known. */
  readonly #cells: { row: number; text: string; type: ColumnType | null }[] = [];

  constructor(private readonly setting: ColumnReadSetting | undefined) {}

  /** One sampled cell of data row `row` (1-based). */
  add(row: number, text: string): void {
    const type = inferTextCellType(text);
    this.#tally.add(type);
    this.#cells.push({ row, text, type });
  }

  result(name: string): InspectedColumn {
    const { type: inferred, emptyRatio } = this.#tally.result();
    const setting = this.setting;
    if (setting && 'dateFormat' in setting) {
      const pattern = compileDatePattern(setting.dateFormat);
      const type = dateFormatHasTime(setting.dateFormat) ? 'date-time' : 'date';
      return this.#withMisfits(
        { name, type, emptyRatio, dateFormat: setting.dateFormat, chosen: true },
        (cell) => cell.trim() === '' || pattern.parse(cell) !== undefined,
      );
    }
    if (setting) return this.#withMisfits({ name, type: setting.type, emptyRatio, chosen: true }, (_, cell) => fitsType(setting.type, cell));
    if (inferred === 'string') {
      const mostlyDate = this.#mostlyDate();
      if (mostlyDate) return this.#withMisfits({ name, type: mostlyDate, emptyRatio }, (_, cell) => fitsType(mostlyDate, cell));
    }
    return { name, type: inferred, emptyRatio };
  }

  /** The date type most filled cells have, when the others are few enough to be typos. */
  #mostlyDate(): 'date' | 'date-time' | null {
    let dates = 0;
    let dateTimes = 0;
    let filled = 0;
    for (const { type } of this.#cells) {
      if (type === null) continue;
      filled += 1;
      if (type === 'date') dates += 1;
      else if (type === 'date-time') dateTimes += 1;
    }
    const misfits = filled - dates - dateTimes;
    if (dates + dateTimes === 0 || misfits === 0 || misfits > filled * MAX_MISFIT_SHARE) return null;
    return dateTimes > 0 ? 'date-time' : 'date';
  }

  #withMisfits(column: InspectedColumn, fits: CellCheck): InspectedColumn {
    const misfits = this.#cells.filter((cell) => !fits(cell.text, cell.type));
    if (misfits.length === 0) return column;
    return { ...column, invalid: { count: misfits.length, rows: misfits.slice(0, LISTED_MISFITS).map((cell) => cell.row) } };
  }
}
