import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { TextEncoding } from '../../../../src-shared/domain/inspection';
import { inspectFile } from '../../sources/index';
import type { RowSource } from '../../sources/index';
import type { PrepareOptions } from './prepare-types';

/**
 * Where to split a CSV/TSV file so that several threads prepare it at once.
 * Why: on a file of gigabytes, reading and mapping are CPU-bound and each row is independent;
 * threads that each read their own part of the file use every core without handing rows from
 * thread to thread. A split point is the start of a line found near an even share of the file;
 * whether that line really starts a row (it may sit inside a quoted cell) is settled later by the
 * thread before it, which parses up to it (see parallel-prepare.ts).
 */

/** Below this share per thread, starting threads costs more than it saves. */
export const MIN_SEGMENT_BYTES = 32 * 1024 * 1024;
/** More threads than this gain little (the disk and the merge) and cost memory. */
export const MAX_THREADS = 4;
/** How far past a split point a line break is looked for before giving the split up. */
const MAX_LINE_SEARCH_BYTES = 16 * 1024 * 1024;
const SEARCH_WINDOW = 64 * 1024;
/** Encodings in which byte 0x0A is a line break and nothing else. */
const SPLITTABLE: ReadonlySet<TextEncoding> = new Set(['utf-8', 'latin1']);

export interface SegmentPlan {
  /** Byte offsets at which the segments start; the first is 0. */
  starts: number[];
  totalBytes: number;
  source: RowSource;
  columns: string[];
}

/** The default thread count: the cores there are, up to MAX_THREADS. */
export function defaultParallelism(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/**
 * Plans the split, or returns undefined when the file is prepared by one thread: not a
 * delimited file, an encoding where a line break byte can sit inside a character (UTF-16), a
 * file too small, or a single thread asked for.
 */
export async function planSegments(
  options: PrepareOptions,
  hooks: { columns?: readonly string[]; parallelism?: number; minSegmentBytes?: number } = {},
): Promise<SegmentPlan | undefined> {
  const threads = hooks.parallelism ?? defaultParallelism();
  if (threads < 2) return undefined;
  let totalBytes: number;
  try {
    totalBytes = (await stat(options.inputPath)).size;
  } catch {
    return undefined; // The job itself reports an unreadable file, with its usual words.
  }
  const count = Math.min(threads, Math.floor(totalBytes / (hooks.minSegmentBytes ?? MIN_SEGMENT_BYTES)));
  if (count < 2) return undefined;
  let source: RowSource;
  let columns: string[];
  if (options.source && hooks.columns) {
    source = options.source;
    columns = [...hooks.columns];
  } else {
    const inspection = await inspectFile(options.inputPath, { maxRows: 1, ...(options.encoding ? { encoding: options.encoding } : {}) }).catch(() => undefined);
    if (!inspection) return undefined;
    source = options.source ?? inspection;
    columns = hooks.columns ? [...hooks.columns] : inspection.columns.map((c) => c.name);
  }
  if (source.format !== 'csv' && source.format !== 'tsv') return undefined;
  if (!SPLITTABLE.has(source.encoding ?? 'utf-8')) return undefined;

  const starts = [0];
  const handle = await open(options.inputPath, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SEARCH_WINDOW);
    for (let k = 1; k < count; k++) {
      const nominal = Math.floor((totalBytes * k) / count);
      const start = await lineStartAfter(handle, buffer, nominal, totalBytes);
      if (start !== undefined && start > (starts[starts.length - 1] as number) && start < totalBytes) starts.push(start);
    }
  } finally {
    await handle.close();
  }
  return starts.length < 2 ? undefined : { starts, totalBytes, source, columns };
}

/** The offset just after the first line break at or after `from`, if one is near. */
async function lineStartAfter(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, from: number, totalBytes: number): Promise<number | undefined> {
  for (let offset = from; offset < Math.min(totalBytes, from + MAX_LINE_SEARCH_BYTES); offset += SEARCH_WINDOW) {
    const { bytesRead } = await handle.read(buffer, 0, SEARCH_WINDOW, offset);
    if (bytesRead === 0) return undefined;
    const at = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (at >= 0) return offset + at + 1;
  }
  return undefined;
}
