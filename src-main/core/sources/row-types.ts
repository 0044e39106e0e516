import type { CellValue, FileInspection } from '../../../src-shared/domain/inspection';

/**
 * What the row readers yield and what they need to know about a file.
 * Why: the prepare job consumes CSV cells and JSON or Parquet records through one loop, and
 * every row carries where it came from so a rejected row can be found in the source.
 */

/** A CSV or TSV row: its cells exactly as parsed (a ragged row keeps its own length). */
export interface CellsRow {
  readonly kind: 'cells';
  /** 1-based data row number (the header row is not counted). */
  readonly rowNumber: number;
  /** 1-based line of the file on which the row starts. */
  readonly line: number;
  readonly cells: string[];
}

/** A JSON, JSON Lines or Parquet record, values JSON-safe (Parquet INT64 as strings, timestamps as ISO strings). */
export interface RecordRow {
  readonly kind: 'record';
  readonly rowNumber: number;
  /** 1-based line on which the record starts; null for Parquet, which has no lines. */
  readonly line: number | null;
  /** 0-based Parquet row group holding the row; null for JSON. */
  readonly rowGroup: number | null;
  readonly record: { [key: string]: CellValue };
}

export type SourceRow = CellsRow | RecordRow;

/** The facts a reader needs; a FileInspection has them all. */
export type RowSource = Pick<FileInspection, 'format' | 'encoding' | 'delimiter' | 'hasHeader'>;

export interface RowReaderOptions {
  /** Aborting stops the reader with a CANCELLED error at the next row. */
  signal?: AbortSignal;
  /** How the file is named in error messages (default: the path). */
  displayName?: string;
}
