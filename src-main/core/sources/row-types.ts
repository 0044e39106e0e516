import type { CellValue, FileInspection, InspectedColumn } from '../../../src-shared/domain/inspection';
import type { DelimitedRange } from './read-delimited';

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

/** Why a row could not be parsed at all. */
export type MalformedReason = 'unclosed-quote' | 'malformed-quotes' | 'row-too-long' | 'invalid-json' | 'not-an-object' | 'too-deep';

/**
 * A row the parser could not make sense of (an unclosed quote, text after a closing quote, a
 * bad JSON line). Why an item and not an error: one broken row in a 4 GB file must go to the
 * rejects with its reason while the rest of the file is read; only the preview (openRowReader)
 * still turns it into a FILE_MALFORMED error.
 */
export interface MalformedRow {
  readonly kind: 'malformed';
  /** 1-based data row number, counted like the rows around it. */
  readonly rowNumber: number;
  /** 1-based line on which the broken row starts. */
  readonly line: number;
  /** The source text of the row (its first line for an unclosed quote), cut at MAX_RAW_CHARS. */
  readonly raw: string;
  readonly reason: MalformedReason;
  /** What is wrong, in words, for rejects.csv. */
  readonly message: string;
}

/** What the batch readers yield: rows and the malformed rows between them, in file order. */
export type SourceItem = SourceRow | MalformedRow;

/**
 * A run of consecutive items and how far into the file they reach.
 * Why batches: an async iterator step costs microseconds; one step per few thousand rows makes
 * the reader's own overhead vanish next to parsing.
 */
export interface RowBatch {
  readonly items: SourceItem[];
  /** Bytes of the file consumed once this batch was parsed (null when unknown, e.g. Parquet). */
  readonly bytesRead: number | null;
}

/**
 * The facts a reader needs; a FileInspection has them all. `quote` (default `"`) and the
 * columns' date formats are the steward's read settings for a delimited file.
 */
export type RowSource = Pick<FileInspection, 'format' | 'encoding' | 'delimiter' | 'hasHeader'> &
  Partial<Pick<FileInspection, 'quote'>> & { readonly columns?: ReadonlyArray<Pick<InspectedColumn, 'dateFormat'>> };

export interface RowReaderOptions {
  /** CSV/TSV only: read a byte range of the file (a prepare job split over threads). */
  range?: DelimitedRange;
  /** Aborting stops the reader with a CANCELLED error at the next row. */
  signal?: AbortSignal;
  /** How the file is named in error messages (default: the path). */
  displayName?: string;
}
