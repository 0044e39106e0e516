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
 * An old-generation cap stays optional: below what the Parquet writer's row groups need, V8
 * collects far more often (a cap of 64 MiB cost Parquet a third more CPU).
 */
const YOUNG_GENERATION_MB = 48;

export interface PrepareThreadHooks {
  signal?: AbortSignal;
  /** Old-generation heap cap of the worker in MiB (default: none). */
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
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(hooks.maxHeapMb === undefined ? {} : { maxOldGenerationSizeMb: hooks.maxHeapMb }) },
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onMessage: (message) => hooks.onProgress?.(message.progress),
  });
  hooks.onThread?.(thread);
  return thread.done;
}
