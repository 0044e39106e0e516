/**
 * Sources: sniffing, head inspection and streaming row readers for CSV, TSV, JSON, JSON Lines
 * and Parquet files.
 * Why: one public surface for the rest of main (ipc, cli, jobs); the modules behind it change
 * without touching callers. See README.md in this folder.
 */
export { inspectFile, type InspectOptions } from './inspect-file';
export { malformedError, openRowBatches, openRowReader } from './row-reader';
export type { CellsRow, MalformedReason, MalformedRow, RecordRow, RowBatch, RowReaderOptions, RowSource, SourceItem, SourceRow } from './row-types';
export type { DelimitedRange, RangeEnd } from './read-delimited';
export { HEAD_BYTES, MAX_HEAD_BYTES, MAX_PREVIEW_ROWS, SAMPLE_ROWS } from './limits';
