import { AppError } from '../../../src-shared/domain/errors';
import { dateCellConverters, withDateCells } from './date-cells';
import { inspectFile } from './inspect-file';
import { quoteError } from './inspect-delimited';
import { jsonRecordError } from './json-records';
import { readDelimitedBatches } from './read-delimited';
import type { DelimitedRange } from './read-delimited';
import { readJsonArrayBatches, readJsonLinesBatches } from './read-json';
import { readParquetRows } from './read-parquet';
import type { MalformedRow, RowBatch, RowReaderOptions, RowSource, SourceRow } from './row-types';
import { malformedFile } from './source-errors';

/** Parquet rows per batch (its reader yields rows one by one from a decoded row group). */
const PARQUET_BATCH_ROWS = 2000;

/**
 * Every row of a file, in order, with bounded memory, in batches; malformed rows included.
 * Why: the prepare job reads whole files through this one entry whatever their format, using
 * what inspection found (or what the user corrected, e.g. the delimiter or header flag); without
 * a `source` the file is inspected first. Batches keep the per-row cost of async iteration out
 * of the hot loop, and a malformed row is an item the job rejects, never a stop.
 */
export async function* openRowBatches(path: string, source?: RowSource, options: RowReaderOptions = {}): AsyncGenerator<RowBatch> {
  const label = options.displayName ?? path;
  const facts = source ?? (await inspectFile(path, { maxRows: 1, displayName: label }));
  for await (const batch of batchesFor(path, facts, label, options.range)) {
    if (options.signal?.aborted) throw cancelled(label);
    yield batch;
  }
}

/**
 * Every row of a file, one at a time; a malformed row ends the read with its FILE_MALFORMED
 * (or FILE_UNSUPPORTED) error.
 * Why errors here: the callers that want single rows show a preview, where a broken row must be
 * reported with its line, as inspection reports it, rather than skipped.
 */
export async function* openRowReader(path: string, source?: RowSource, options: RowReaderOptions = {}): AsyncGenerator<SourceRow> {
  const label = options.displayName ?? path;
  for await (const batch of openRowBatches(path, source, options)) {
    for (const item of batch.items) {
      if (options.signal?.aborted) throw cancelled(label);
      if (item.kind === 'malformed') throw malformedError(label, item);
      yield item;
    }
  }
}

function cancelled(label: string): AppError {
  return new AppError('CANCELLED', `Reading ${label} was cancelled`, { file: label });
}

/** The error a malformed row is when it must stop the read: the same words inspection uses. */
export function malformedError(label: string, row: MalformedRow): AppError {
  switch (row.reason) {
    case 'unclosed-quote':
      return quoteError(label, 'MissingQuotes', row.line);
    case 'malformed-quotes':
      return quoteError(label, 'InvalidQuotes', row.line);
    case 'invalid-json':
    case 'not-an-object':
    case 'too-deep':
      return jsonRecordError(label, { reason: row.reason, message: row.message, line: row.line });
    case 'row-too-long':
      return malformedFile(label, row.message, row.line);
  }
}

function batchesFor(path: string, source: RowSource, label: string, range: DelimitedRange | undefined): AsyncGenerator<RowBatch> {
  const encoding = source.encoding ?? 'utf-8';
  if (range && !(source.format === 'csv' || source.format === 'tsv'))
    throw new AppError('INVALID_INPUT', `A byte range can only be read from a CSV or TSV file, not ${source.format}`, { file: label });
  switch (source.format) {
    case 'csv':
    case 'tsv': {
      const batches = readDelimitedBatches(path, {
        label,
        encoding,
        delimiter: source.delimiter ?? (source.format === 'tsv' ? '\t' : ','),
        ...(source.quote ? { quote: source.quote } : {}),
        hasHeader: source.hasHeader,
        ...(range ? { range } : {}),
      });
      const converters = dateCellConverters(source.columns);
      return converters ? withDateCells(batches, converters) : batches;
    }
    case 'jsonl':
      return readJsonLinesBatches(path, { label, encoding });
    case 'json':
      return readJsonArrayBatches(path, { label, encoding });
    case 'parquet':
      return parquetBatches(path, label);
  }
}

async function* parquetBatches(path: string, label: string): AsyncGenerator<RowBatch> {
  let items: SourceRow[] = [];
  for await (const row of readParquetRows(path, label)) {
    items.push(row);
    if (items.length >= PARQUET_BATCH_ROWS) {
      yield { items, bytesRead: null };
      items = [];
    }
  }
  if (items.length > 0) yield { items, bytesRead: null };
}
