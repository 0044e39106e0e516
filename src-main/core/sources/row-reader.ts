import { AppError } from '../../../src-shared/domain/errors';
import { inspectFile } from './inspect-file';
import { readDelimitedRows } from './read-delimited';
import { readJsonArrayRows, readJsonLinesRows } from './read-json';
import { readParquetRows } from './read-parquet';
import type { RowReaderOptions, RowSource, SourceRow } from './row-types';

/**
 * Every row of a file, in order, with bounded memory.
 * Why: the prepare job reads whole files through this one entry whatever their format, using
 * what inspection found (or what the user corrected, e.g. the delimiter or header flag); without
 * a `source` the file is inspected first.
 */
export async function* openRowReader(path: string, source?: RowSource, options: RowReaderOptions = {}): AsyncGenerator<SourceRow> {
  const label = options.displayName ?? path;
  const facts = source ?? (await inspectFile(path, { maxRows: 1, displayName: label }));
  const rows = readerFor(path, facts, label);
  for await (const row of rows) {
    if (options.signal?.aborted) throw new AppError('CANCELLED', `Reading ${label} was cancelled`, { file: label });
    yield row;
  }
}

function readerFor(path: string, source: RowSource, label: string): AsyncGenerator<SourceRow> {
  const encoding = source.encoding ?? 'utf-8';
  switch (source.format) {
    case 'csv':
    case 'tsv':
      return readDelimitedRows(path, {
        label,
        encoding,
        delimiter: source.delimiter ?? (source.format === 'tsv' ? '\t' : ','),
        hasHeader: source.hasHeader,
      });
    case 'jsonl':
      return readJsonLinesRows(path, { label, encoding });
    case 'json':
      return readJsonArrayRows(path, { label, encoding });
    case 'parquet':
      return readParquetRows(path, label);
  }
}
