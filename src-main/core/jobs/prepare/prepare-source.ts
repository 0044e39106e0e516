import type { FileInspection } from '../../../../src-shared/domain/inspection';
import type { RowSource } from '../../sources/index';

/**
 * How the prepare job reads a file, from its inspection made with the steward's read settings:
 * delimiter, quote, header row, encoding and the columns' date formats.
 * Why one function: the File step's job (`jobs.prepare`) and `xdm-loader prepare` must read a
 * file the same way for the same settings, down to the bytes of the parts they write.
 */
export function prepareSourceOf(inspection: FileInspection): { source: RowSource; columns: string[] } {
  return {
    source: {
      format: inspection.format,
      encoding: inspection.encoding,
      delimiter: inspection.delimiter,
      hasHeader: inspection.hasHeader,
      ...(inspection.quote ? { quote: inspection.quote } : {}),
      columns: inspection.columns.map((column) => (column.dateFormat ? { dateFormat: column.dateFormat } : {})),
    },
    columns: inspection.columns.map((column) => column.name),
  };
}
