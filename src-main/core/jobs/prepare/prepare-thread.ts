import type { ResourceLimits } from 'node:worker_threads';
import type { RangeEnd } from '../../sources/index';
import { locateWorker, startJobThread, type WorkerFiles } from '../../workers/index';
import type { PrepareProgress, PrepareSummary } from './prepare-types';
import type { FromWorker, PrepareWorkerData } from './worker-messages';

/** The prepare worker's script: beside this module from source, `dist/workers/` once built. */
export const PREPARE_WORKER_FILES: WorkerFiles = { source: './prepare-worker.ts', bundle: 'prepare-worker.mjs' };

/**
 * Young generation of each prepare worker: three semi-spaces' worth in V8's accounting (16 MiB
 * each). The pipeline's own live data is a few tens of MB (checked with forced GCs): the readers
 * pull a chunk at a time, so nothing grows with the file. Nearly every allocation (cells,
 * records, JSON lines) dies within a batch, so semi-spaces of 16 MiB let them die in scavenges
 * as 32 did: on a 100 MiB CSV over two threads (XDM_LOADER_HEAP_LOG) each worker's new space
 * reached 32 MiB instead of 58-64, peak RSS fell 305-322 → 268-271 MiB for JSON Lines and
 * 462 → 378 MiB for Parquet, for the same CPU (JSON Lines 7.7-8.1 s against 8.2-8.8; Parquet
 * 19.0 against 18.1). At 32 (semi-spaces of about 11 MiB) Parquet took a fifth more CPU.
 * The old generation's cap: OLD_GENERATION_MB.
 */
const YOUNG_GENERATION_MB = 48;

/**
 * Old-generation cap of a prepare thread, in MiB, JSON Lines or Parquet. Why: not to stop the
 * thread (its live data is tens of MiB: nothing is kept per row, and a Parquet part's footer is
 * kept as bytes, a few KiB per row group) but because V8 sets the next full collection's trigger
 * at the live size times a growing factor that it takes from how fast the last collections ran
 * against the code, and whose ceiling follows the cap: up to 4 with no cap (the machine's
 * memory), at most 1.4 at 512 MiB. Uncapped, the old generation grew to a size that changed from
 * run to run with the machine's load, and its pages stayed in the RSS:
 * - JSON Lines, 1 GB CSV, Registry schema: 32-60 MiB per thread before its collection, capped
 *   20-23 MiB, for no more CPU (5.0 against 5.5 CPU s per 100 MiB);
 * - Parquet, 4 GB CSV (bench, two rounds each, quiet): peak RSS 293 and 284 MiB for 331 and 292
 *   CPU s uncapped, 260 and 259 MiB for 286 and 286 capped.
 * Tried earlier: a cap of 64 MiB cost Parquet a third more CPU (row groups of 5,000 rows, the
 * footer kept as objects), collecting the same live data again and again.
 */
export const OLD_GENERATION_MB = 512;

/** The worker's heap limits: the young generation, and the old generation's cap (the caller's, or OLD_GENERATION_MB). */
export function prepareResourceLimits(maxHeapMb: number | undefined): ResourceLimits {
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: maxHeapMb ?? OLD_GENERATION_MB };
}

export interface PrepareThreadHooks {
  signal?: AbortSignal;
  /** Old-generation heap cap of the worker in MiB (default: OLD_GENERATION_MB). */
  maxHeapMb?: number;
  onProgress?: (progress: PrepareProgress) => void;
  /** Told the worker once it is started (the job registry may end it: a worker that does not stop). */
  onThread?: (thread: { terminate(): Promise<void> }) => void;
}

/** A thread's summary and, for a byte range, where its read ended. */
export interface PrepareThreadResult {
  summary: PrepareSummary;
  rangeEnd?: RangeEnd;
}

/**
 * Runs runPrepare in a worker thread and resolves with its summary.
 * Why the summary also on cancellation: cancelling is an outcome, not an error; the summary
 * says which outputs are partial. Errors that stop the job before it starts reject with the
 * AppError the pipeline raised (code, message and place survive the thread boundary).
 */
export function runPrepareThread(data: PrepareWorkerData, hooks: PrepareThreadHooks = {}): Promise<PrepareThreadResult> {
  const thread = startJobThread<FromWorker, PrepareThreadResult>({
    job: 'prepare',
    entry: locateWorker(import.meta.url, PREPARE_WORKER_FILES),
    workerData: data,
    resourceLimits: prepareResourceLimits(hooks.maxHeapMb),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onMessage: (message) => hooks.onProgress?.(message.progress),
  });
  hooks.onThread?.(thread);
  return thread.done;
}
