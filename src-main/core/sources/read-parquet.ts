import { parquetReadObjects } from 'hyparquet';
import { openSource } from './file-head';
import { CountingFileBuffer, parquetError, parsers, readParquetMetadata, toCell, topLevelColumns } from './parquet-file';
import type { RecordRow } from './row-types';

/**
 * Streaming Parquet records, one row group at a time.
 * Why: a row group is Parquet's unit of reading; decoding one at a time bounds memory by the
 * largest row group, not the file, and each row keeps its absolute row number and group.
 */
export async function* readParquetRows(path: string, label: string): AsyncGenerator<RecordRow> {
  const source = await openSource(path, label);
  try {
    const file = new CountingFileBuffer(source);
    const metadata = await readParquetMetadata(file, label);
    const names = topLevelColumns(metadata).map((column) => column.element.name);
    let rowStart = 0;
    for (const [rowGroup, group] of metadata.row_groups.entries()) {
      const rowEnd = rowStart + Number(group.num_rows);
      let objects: Record<string, unknown>[];
      try {
        objects = await parquetReadObjects({ file, metadata, rowStart, rowEnd, parsers });
      } catch (error) {
        throw parquetError(label, error);
      }
      for (const [index, object] of objects.entries()) {
        const record = Object.fromEntries(names.map((name) => [name, toCell(object[name])]));
        yield { kind: 'record', rowNumber: rowStart + index + 1, line: null, rowGroup, record };
      }
      rowStart = rowEnd;
    }
  } finally {
    await source.handle.close().catch(() => undefined);
  }
}
