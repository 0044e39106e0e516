import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { writeFailure } from '../../files/write-failure';
import type { XdmIssueKind } from '../../../../src-shared/xdm/issue-kinds';
import { openRowBatches } from '../../sources/index';
import { throttleProgress } from '../progress-throttle';
import { runPrepareThread } from './prepare-thread';
import type { PrepareThreadHooks, PrepareThreadResult } from './prepare-thread';
import type { PreparePart, PrepareOptions, PrepareProgress, PrepareStatus, PrepareSummary } from './prepare-types';
import type { RowList } from '../../../../src-shared/ipc/requests/prepare';
import { RejectsWriter, ROW_LIST_FILES } from './rejects-writer';
import type { FastDeclineKind, FastPathStats } from './fast-path-types';
import { emptyFastPathStats } from './fast-path-types';
import type { SegmentPlan } from './segment-plan';
import { startOutputFolder, writeSummary } from './write-summary';
import type { PrepareWorkerData } from './worker-messages';
import { ownOrAdd } from '../../../../src-shared/domain/own-keys';

/**
 * The prepare job split over threads, one byte range (segment) each, merged into the outputs of
 * one sequential pass: parts numbered in file order, one rejects.csv with file-wide row and
 * line numbers, one summary.
 *
 * Why it stays exact: each thread reads from its start to the first later split point at which
 * its parser stands on a row boundary. Segment 0 starts at the top of the file, so its reading
 * is the truth; the split point where it stops is then a true row start, so the segment that
 * starts there is the truth too, and so on down the chain. A segment whose start fell inside a
 * quoted cell (a line break inside quotes right at a split point) is never in that chain: the
 * segment before read through it, and its own output is thrown away (its thread is stopped as
 * soon as that is known). Each row is therefore read by exactly one kept segment, and
 * rowsRead = rowsWritten + rowsRejected holds for the merge because it holds for each segment.
 */

interface SegmentOutcome {
  index: number;
  start: number;
  dir: string;
  result?: PrepareThreadResult;
  error?: unknown;
}

const segmentDir = (outDir: string, index: number): string => path.join(outDir, `.segment-${String(index).padStart(2, '0')}`);

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const key of Object.keys(from) as K[]) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
}

/** Runs one segment; a thread in the app, the same pipeline in-process in tests. */
export type SegmentRunner = (data: PrepareWorkerData, hooks: PrepareThreadHooks) => Promise<PrepareThreadResult>;

export async function prepareInParallel(
  options: PrepareOptions,
  plan: SegmentPlan,
  hooks: PrepareThreadHooks = {},
  runSegment: SegmentRunner = runPrepareThread,
): Promise<PrepareSummary> {
  const started = Date.now();
  const { starts, totalBytes, source, columns } = plan;
  const n = starts.length;
  await startOutputFolder(options.outDir);

  // Progress: each thread reports for its own range; the sum is the job's.
  const latest: (PrepareProgress | undefined)[] = new Array<PrepareProgress | undefined>(n).fill(undefined);
  const lengthOf = (k: number): number => (k + 1 < n ? (starts[k + 1] as number) : totalBytes) - (starts[k] as number);
  const throttle = throttleProgress<PrepareProgress>((p) => hooks.onProgress?.(p));
  const report = (): void => {
    const sum: PrepareProgress = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, bytesRead: 0, totalBytes };
    latest.forEach((p, k) => {
      if (!p) return;
      sum.rowsRead += p.rowsRead;
      sum.rowsWritten += p.rowsWritten;
      sum.rowsRejected += p.rowsRejected;
      sum.bytesRead += Math.min(p.bytesRead, lengthOf(k));
    });
    throttle.offer(sum);
  };

  const controllers = starts.map(() => new AbortController());
  const abortAll = (): void => controllers.forEach((c) => c.abort());
  if (hooks.signal?.aborted) abortAll();
  else hooks.signal?.addEventListener('abort', abortAll, { once: true });

  const outcomes: SegmentOutcome[] = starts.map((start, index) => ({ index, start, dir: segmentDir(options.outDir, index) }));
  await Promise.all(outcomes.map((o) => rm(o.dir, { recursive: true, force: true })));
  try {
    await Promise.all(
      outcomes.map(async (o) => {
        const k = o.index;
        try {
          o.result = await runSegment(
            {
              options: {
                ...options,
                // Only the first segment holds the header line.
                source: k === 0 ? source : { ...source, hasHeader: false },
                outDir: o.dir,
              },
              columns,
              range: { start: o.start, stops: starts.slice(k + 1) },
            },
            {
              signal: controllers[k]?.signal as AbortSignal,
              ...(hooks.maxHeapMb !== undefined ? { maxHeapMb: hooks.maxHeapMb } : {}),
              onProgress: (p) => {
                latest[k] = p;
                report();
              },
            },
          );
          // The segments this one read through started inside a quoted cell: stop their threads.
          const stoppedAt = o.result.rangeEnd?.stoppedAt;
          const next = stoppedAt === undefined || stoppedAt === null ? n : k + 1 + stoppedAt;
          for (let j = k + 1; j < next; j++) controllers[j]?.abort();
        } catch (e) {
          o.error = e;
          // A job that cannot start fails the same way in every thread: stop them all.
          abortAll();
        }
      }),
    );
  } finally {
    hooks.signal?.removeEventListener('abort', abortAll);
  }

  // A job that cannot start, or a write that failed in any thread (a full disk), stops the job:
  // its folder is left without a summary.
  const first = outcomes[0] as SegmentOutcome;
  const fatal = first.error ?? outcomes.find((o) => isAppError(o.error) && o.error.code === 'FILE_UNWRITABLE')?.error;
  if (fatal !== undefined) {
    await Promise.all(outcomes.map((o) => rm(o.dir, { recursive: true, force: true })));
    throw fatal;
  }

  // The chain of true segments, from the top of the file, up to the first that did not complete.
  const chain: SegmentOutcome[] = [];
  let status: PrepareStatus = 'completed';
  let reason: string | undefined;
  for (let k = 0; k < n;) {
    const o = outcomes[k] as SegmentOutcome;
    const summary = o.result?.summary;
    if (!summary || summary.status !== 'completed' || !o.result?.rangeEnd) {
      status = summary?.status === 'cancelled' || hooks.signal?.aborted ? 'cancelled' : 'failed';
      reason =
        status === 'cancelled'
          ? 'cancelled by the user; outputs are partial'
          : (summary?.reason ?? `a preparing thread failed: ${o.error instanceof Error ? o.error.message : String(o.error)}`);
      break;
    }
    chain.push(o);
    const stoppedAt = o.result.rangeEnd.stoppedAt;
    k = stoppedAt === null ? n : k + 1 + stoppedAt;
  }

  let merged: Merged;
  try {
    merged = await mergeSegments(options, chain, columns);
  } catch (e) {
    await Promise.all(outcomes.map((o) => rm(o.dir, { recursive: true, force: true })));
    throw writeFailure(e, options.outDir);
  }
  await Promise.all(outcomes.map((o) => rm(o.dir, { recursive: true, force: true })));
  if (status !== 'completed') Object.assign(merged, rowsProcessed(outcomes));
  const bytesRead = status === 'completed' ? totalBytes : chain.reduce((sum, o) => sum + lengthOf(o.index), 0);
  throttle.flush();
  hooks.onProgress?.({ rowsRead: merged.rowsRead, rowsWritten: merged.rowsWritten, rowsRejected: merged.rowsRejected, bytesRead, totalBytes });

  return writeSummary(options.outDir, {
    status,
    reason,
    ...merged,
    emptyIdentity: options.emptyIdentity ?? 'flag',
    format: options.format ?? 'json',
    rejectsFile: ROW_LIST_FILES.rejects,
    warningsFile: ROW_LIST_FILES.warnings,
    startedAt: started,
  });
}

/**
 * The rows a stopped job read, mapped and rejected in all its segments, kept or not.
 * Why not the chain's alone: a cancel stops every thread mid-range, so the chain is often empty,
 * and "Cancelled after reading 0 rows" beside the rows the progress showed was false. One pass
 * counts the same way (its counts include the rows of the part it drops); the parts stay the
 * chain's, and the screen tells rows written from rows kept by them. A segment that an earlier,
 * completed one read through started inside a quoted cell: its rows are that one's, not counted twice.
 */
function rowsProcessed(outcomes: readonly SegmentOutcome[]): Pick<Merged, 'rowsRead' | 'rowsWritten' | 'rowsRejected'> {
  const readThrough = new Set<number>();
  for (const o of outcomes) {
    const stoppedAt = o.result?.summary.status === 'completed' ? o.result.rangeEnd?.stoppedAt : undefined;
    const next = stoppedAt === undefined ? o.index + 1 : stoppedAt === null ? outcomes.length : o.index + 1 + stoppedAt;
    for (let j = o.index + 1; j < next; j++) readThrough.add(j);
  }
  const counts = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0 };
  for (const o of outcomes) {
    const s = o.result?.summary;
    if (s === undefined || readThrough.has(o.index)) continue;
    counts.rowsRead += s.rowsRead;
    counts.rowsWritten += s.rowsWritten;
    counts.rowsRejected += s.rowsRejected;
  }
  return counts;
}

interface Merged {
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
  rowsWithWarnings: number;
  rowsWithoutIdentity: number;
  rowsEmpty: number;
  parts: PreparePart[];
  issuesByField: PrepareSummary['issuesByField'];
  issuesByKind: PrepareSummary['issuesByKind'];
  fastPath: FastPathStats;
}

/**
 * Moves the chain's parts into the output folder, numbered in file order, and writes one
 * rejects.csv and one warnings.csv whose row and line numbers count from the top of the file.
 * Why the first segment's rejects are moved, not rewritten: that segment starts at the top of
 * the file, so its numbers are already the file's (and its file is what a sequential pass
 * writes); parsing and writing it again was a tail of the job that no other thread shared.
 */
async function mergeSegments(options: PrepareOptions, chain: readonly SegmentOutcome[], columns: readonly string[]): Promise<Merged> {
  const merged: Merged = {
    rowsRead: 0,
    rowsWritten: 0,
    rowsRejected: 0,
    rowsWithWarnings: 0,
    rowsWithoutIdentity: 0,
    rowsEmpty: 0,
    parts: [],
    issuesByField: {},
    issuesByKind: {},
    fastPath: emptyFastPathStats(),
  };
  // The chain starts with segment 0 (the top of the file) whenever it is not empty.
  const first = chain[0];
  const firstSummary = first === undefined ? undefined : (first.result as PrepareThreadResult).summary;
  const rejects = await startListing(options, first, columns, 'rejects', firstSummary?.rowsRejected ?? 0);
  const warnings = await startListing(options, first, columns, 'warnings', firstSummary?.rowsWithWarnings ?? 0);
  let lineBase = 0;
  try {
    for (const o of chain) {
      const result = o.result as PrepareThreadResult;
      const s = result.summary;
      for (const part of s.parts) {
        const name = part.file.replace(/^part-\d+/, `part-${String(merged.parts.length + 1).padStart(5, '0')}`);
        await rename(path.join(o.dir, part.file), path.join(options.outDir, name));
        merged.parts.push({ ...part, file: name });
      }
      // Segment rejects carry numbers counted from the segment's start.
      if (o !== first) {
        await appendListed(rejects, path.join(o.dir, s.rejectsFile), merged.rowsRead, lineBase);
        await appendListed(warnings, path.join(o.dir, ROW_LIST_FILES.warnings), merged.rowsRead, lineBase);
      }
      merged.rowsRead += s.rowsRead;
      merged.rowsWritten += s.rowsWritten;
      merged.rowsRejected += s.rowsRejected;
      merged.rowsWithWarnings += s.rowsWithWarnings;
      merged.rowsWithoutIdentity += s.rowsWithoutIdentity;
      merged.rowsEmpty += s.rowsEmpty;
      addCounts<XdmIssueKind>(merged.issuesByKind, s.issuesByKind);
      if (s.fastPath !== undefined) {
        merged.fastPath.rows += s.fastPath.rows;
        merged.fastPath.declinedRows += s.fastPath.declinedRows;
        addCounts<FastDeclineKind>(merged.fastPath.reasons, s.fastPath.reasons);
      }
      // Field paths are the user's names: own keys only.
      for (const [field, kinds] of Object.entries(s.issuesByField))
        addCounts<XdmIssueKind>(
          ownOrAdd<Partial<Record<XdmIssueKind, number>>>(merged.issuesByField, field, () => ({})),
          kinds,
        );
      lineBase += result.rangeEnd?.lines ?? 0;
    }
  } finally {
    await rejects.writer.close();
    await warnings.writer.close();
  }
  return merged;
}

/** One merged listing (rejects or warnings): its writer and how many rows it lists so far, up to `maxListed`. */
interface Listing {
  writer: RejectsWriter;
  listed: number;
  maxListed: number;
}

/** A merged listing, started from the first segment's file (moved, not rewritten) when the chain has one. */
async function startListing(
  options: PrepareOptions,
  first: SegmentOutcome | undefined,
  columns: readonly string[],
  list: RowList,
  firstRows: number,
): Promise<Listing> {
  const file = path.join(options.outDir, ROW_LIST_FILES[list]);
  const maxListed = options.maxRejectsListed ?? Number.POSITIVE_INFINITY;
  if (first !== undefined) await rename(path.join(first.dir, ROW_LIST_FILES[list]), file);
  return { writer: new RejectsWriter(file, columns, first !== undefined, list), listed: first === undefined ? 0 : Math.min(firstRows, maxListed), maxListed };
}

/** A segment's listed rows renumbered from the top of the file, up to the listing's `maxListed` in all. */
async function appendListed(listing: Listing, file: string, rowBase: number, lineBase: number): Promise<void> {
  for await (const batch of openRowBatches(file, { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true })) {
    for (const item of batch.items) {
      if (item.kind !== 'cells') throw new AppError('INTERNAL', `A thread's ${path.basename(file)} is unreadable near line ${item.line}`);
      if (listing.listed >= listing.maxListed) return;
      listing.listed++;
      const [row, line, reasons, escaped, ...cells] = item.cells;
      await listing.writer.writeEscaped(
        rowBase + Number(row),
        line === '' || line === undefined ? null : lineBase + Number(line),
        reasons ?? '',
        escaped ?? '',
        cells,
      );
    }
  }
}
