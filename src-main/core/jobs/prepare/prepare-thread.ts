import type { ResourceLimits } from 'node:worker_threads';
import type { RangeEnd } from '../../sources/index';
import { locateWorker, startJobThread, type WorkerFiles } from '../../workers/index';
import type { PartFormat, PrepareProgress, PrepareSummary } from './prepare-types';
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
 * The old generation's cap is per format (see JSON_LINES_OLD_GENERATION_MB).
 */
const YOUNG_GENERATION_MB = 48;

/**
 * Old-generation cap of a thread writing JSON Lines, in MiB. Why: not to stop the thread (its
 * live data is 10-20 MiB: nothing is kept per row) but because V8 sets the next full
 * collection's trigger at the live size times a growing factor that it takes from how fast the
 * last collections ran against the code, and whose ceiling follows the cap: up to 4 with no cap
 * (the machine's memory), at most 1.4 at 512 MiB. With no cap the old generation reached 32-60
 * MiB per thread before its collection, depending on the run and the machine's load (1 GB CSV,
 * Registry schema), and its pages stayed in the RSS; capped, 20-23 MiB, for no more CPU (5.0
 * against 5.5 CPU s per 100 MiB, one run each). Parquet threads keep no cap: their row groups
 * are live data that a small factor would collect again and again (a 64 MiB cap cost a third
 * more CPU).
 */
export const JSON_LINES_OLD_GENERATION_MB = 512;

/** The worker's heap limits: the young generation, and the old generation's cap (the caller's, or JSON Lines' own). */
export function prepareResourceLimits(format: PartFormat | undefined, maxHeapMb: number | undefined): ResourceLimits {
  const maxOld = maxHeapMb ?? (format === 'parquet' ? undefined : JSON_LINES_OLD_GENERATION_MB);
  return { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(maxOld === undefined ? {} : { maxOldGenerationSizeMb: maxOld }) };
}

export interface PrepareThreadHooks {
  signal?: AbortSignal;
  /** Old-generation heap cap of the worker in MiB (default: JSON_LINES_OLD_GENERATION_MB for JSON Lines, none for Parquet). */
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
    resourceLimits: prepareResourceLimits(data.options.format, hooks.maxHeapMb),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onMessage: (message) => hooks.onProgress?.(message.progress),
  });
  hooks.onThread?.(thread);
  return thread.done;
}
