import type { InspectedColumn } from '../../../src-shared/domain/inspection';
import { dateFormatHasTime, type DateFormat } from '../../../src-shared/domain/read-settings';
import { compileDatePattern } from '../mapping/date-pattern';
import type { RowBatch } from './row-types';

/**
 * Cells of the columns the steward gave a date format, rewritten as ISO 8601 while they are read.
 * Why in the reader: the preview, the suggestions and every path of the prepare job (fast and
 * general, one thread or several) read rows through it, so a "31/12/2024" column maps to an XDM
 * date the same way everywhere. A cell that does not fit the format is handed on as it is: the
 * XDM check then rejects it with its row, as inspection flagged it.
 */

type Converter = (cell: string) => string;

function converterFor(format: DateFormat): Converter {
  const pattern = compileDatePattern(format);
  const withTime = dateFormatHasTime(format);
  return (cell) => {
    const date = cell.trim() === '' ? undefined : pattern.parse(cell);
    if (date === undefined) return cell;
    const iso = date.toISOString();
    return withTime ? iso : iso.slice(0, 10);
  };
}

/** The converters by column index, or undefined when no column has a date format. */
export function dateCellConverters(columns: ReadonlyArray<Pick<InspectedColumn, 'dateFormat'>> | undefined): Map<number, Converter> | undefined {
  const converters = new Map<number, Converter>();
  columns?.forEach((column, index) => {
    if (column.dateFormat) converters.set(index, converterFor(column.dateFormat));
  });
  return converters.size === 0 ? undefined : converters;
}

/** The batches with the date cells of each row rewritten (rows are the reader's own arrays, changed in place). */
export async function* withDateCells(batches: AsyncGenerator<RowBatch>, converters: Map<number, Converter>): AsyncGenerator<RowBatch> {
  for await (const batch of batches) {
    for (const item of batch.items) {
      if (item.kind !== 'cells') continue;
      for (const [index, convert] of converters) {
        const cell = item.cells[index];
        if (cell !== undefined) item.cells[index] = convert(cell);
      }
    }
    yield batch;
  }
}
