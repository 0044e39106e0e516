import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../../src-shared/domain/errors';
import { openRowReader, type RowSource } from '../../sources/index';
import { resolveUploadInput } from '../upload/upload-input';
import type { PreparedIdentityIssues } from './record-identities';

/**
 * Reading prepared output back: the parts of a prepare folder, or one XDM file.
 * Why a folder is resolved as the upload resolves it (summary.json, not a listing): preflight,
 * confirmation and streaming must look at exactly the records an upload sends; a listing would
 * also pick up a stale part or one a crashed prepare left, and accept a preparation that failed.
 * Why streamed: preflight and confirmation only sample, and a prepared folder may hold gigabytes;
 * JSON Lines parts are read line by line and Parquet parts row group by row group (the sources
 * reader), so memory holds one line or one row group whatever the part size.
 */
export type PreparedFormat = 'json' | 'parquet';

export interface PreparedInput {
  files: string[];
  format: PreparedFormat;
  /**
   * True for one file given directly: it may be a JSON array, JSON Lines or Parquet whatever its
   * name, so it is read through the sniffing sources reader rather than as JSON Lines.
   */
  single: boolean;
  /** What prepare flagged about identities over the whole file (a prepared folder's summary.json). */
  identityIssues?: PreparedIdentityIssues;
}

/** How prepared parts are read: JSON Lines in UTF-8, one XDM record per line. */
const JSON_LINES: RowSource = { format: 'jsonl', encoding: 'utf-8', delimiter: null, hasHeader: true };

function formatOf(file: string): PreparedFormat {
  return /\.parquet$/i.test(file) ? 'parquet' : 'json';
}

/** The parts of a prepared folder (as its summary.json lists them), or the single file given. */
export async function preparedInput(target: string): Promise<PreparedInput> {
  let info;
  try {
    info = await stat(target);
  } catch {
    throw new AppError('NOT_FOUND', `${target} does not exist.`, { file: target });
  }
  if (info.isFile()) return { files: [target], format: formatOf(target), single: true };
  const input = await resolveUploadInput(target);
  return { files: input.parts.map((p) => p.path), format: input.format, single: false, identityIssues: await identityIssuesOf(target) };
}

/** The identity warnings of a prepare summary (resolveUploadInput has read and checked it already). */
async function identityIssuesOf(dir: string): Promise<PreparedIdentityIssues> {
  const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as { issuesByKind?: Record<string, unknown> };
  const count = (kind: string): number => {
    const n = summary.issuesByKind?.[kind];
    return typeof n === 'number' && Number.isFinite(n) ? n : 0;
  };
  return { noPrimary: count('identity-no-primary'), severalPrimary: count('identity-multiple-primary') };
}

/** The records of one part, in order; stops reading when the consumer stops. */
export async function* partRecords(file: string, options: { signal?: AbortSignal; sniff?: boolean } = {}): AsyncGenerator<Record<string, unknown>> {
  const signal = options.signal;
  // A part is JSON Lines by contract; a file given directly is sniffed (JSON array, JSON Lines, Parquet).
  const source: RowSource | undefined = options.sniff || formatOf(file) === 'parquet' ? undefined : JSON_LINES;
  for await (const row of openRowReader(file, source, signal ? { signal } : {})) {
    if (row.kind !== 'record') {
      throw new AppError(
        'FILE_UNSUPPORTED',
        `${path.basename(file)} is delimited text; give XDM records as JSON Lines, a JSON array or Parquet (run \`xdm-loader prepare\` for CSV).`,
        { file },
      );
    }
    yield row.record as Record<string, unknown>;
  }
}

/** Up to `limit` records across the parts, in order. */
export async function* preparedRecords(input: PreparedInput, options: { limit?: number; signal?: AbortSignal } = {}): AsyncGenerator<Record<string, unknown>> {
  let left = options.limit ?? Number.POSITIVE_INFINITY;
  for (const file of input.files) {
    if (left <= 0) return;
    for await (const record of partRecords(file, { ...(options.signal ? { signal: options.signal } : {}), sniff: input.single })) {
      yield record;
      left -= 1;
      if (left <= 0) return;
    }
  }
}
