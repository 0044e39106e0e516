import { parquetReadObjects } from 'hyparquet';
import type { CellValue, FileInspection } from '../../../src-shared/domain/inspection';
import type { OpenedSource } from './file-head';
import { ColumnTally, inferValueType } from './infer-types';
import { SAMPLE_ROWS } from './limits';
import { CountingFileBuffer, parquetError, parsers, readParquetMetadata, schemaColumnType, toCell, topLevelColumns } from './parquet-file';

/**
 * Parquet inspection: footer plus the first rows.
 * Why: the footer gives the exact row count and the column types; the first rows come from the
 * start of the first row group only (hyparquet reads just the pages it needs when the file has
 * an offset index), so the preview costs the same for any file size.
 */
export async function inspectParquet(source: OpenedSource, maxRows: number): Promise<Omit<FileInspection, 'file'>> {
  const file = new CountingFileBuffer(source);
  const metadata = await readParquetMetadata(file, source.label);
  const totalRows = Number(metadata.num_rows);
  const schemaColumns = topLevelColumns(metadata);
  const names = schemaColumns.map((column) => column.element.name);

  const sampleSize = Math.min(totalRows, Math.max(maxRows, SAMPLE_ROWS));
  let objects: Record<string, unknown>[] = [];
  if (sampleSize > 0) {
    try {
      objects = await parquetReadObjects({ file, metadata, rowStart: 0, rowEnd: sampleSize, parsers, useOffsetIndex: true });
    } catch (error) {
      throw parquetError(source.label, error);
    }
  }
  const sampled: CellValue[][] = objects.map((object) => names.map((name) => toCell(object[name])));

  const columns = schemaColumns.map((column, index) => {
    const tally = new ColumnTally();
    for (const row of sampled) tally.add(inferValueType(row[index] ?? null));
    const inferred = tally.result();
    return { name: column.element.name, type: schemaColumnType(column) ?? inferred.type, emptyRatio: inferred.emptyRatio };
  });

  return {
    format: 'parquet',
    encoding: null,
    bom: false,
    delimiter: null,
    hasHeader: true,
    lineEnding: null,
    columns,
    rows: sampled.slice(0, maxRows),
    totalRows,
    bytesRead: file.bytesRead,
    warnings: [],
  };
}
