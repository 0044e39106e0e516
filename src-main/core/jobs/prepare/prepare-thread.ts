import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../../src-shared/domain/errors';
import type { RangeEnd } from '../../sources/index';
import { locateWorker, spawnWorker } from '../../workers/index';
import type { WorkerFiles } from '../../workers/index';
import type { PrepareProgress, PrepareSummary } from './prepare-types';
import type { FromWorker, PrepareWorkerData } from './worker-messages';

/** The prepare worker's script: beside this module from source, `dist/workers/` once built. */
export const PREPARE_WORKER_FILES: WorkerFiles = { source: './prepare-worker.ts', bundle: 'prepare-worker.mjs' };

/** Young generation of the worker: three semi-spaces' worth in V8's accounting (32 MiB each). */
const YOUNG_GENERATION_MB = 96;

/**
 * Creates the worker (found as every worker is: core/workers/worker-entry.ts).
 * The pipeline's own live data is a few tens of MB (checked with forced GCs): the readers pull
 * a chunk at a time, so nothing grows with the file. Nearly every allocation (cells, records,
 * JSON lines) dies within a batch; a young generation larger than V8's default (semi-spaces of
 * 32 MiB instead of 16) lets those die in scavenges instead of being promoted, which cut prepare
 * time by about a tenth in the benchmark. An old-generation cap stays optional: it only makes
 * V8 collect earlier.
 */
function spawn(workerData: unknown, maxHeapMb: number | undefined): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(maxHeapMb === undefined ? {} : { maxOldGenerationSizeMb: maxHeapMb }) };
  return spawnWorker(locateWorker(import.meta.url, PREPARE_WORKER_FILES), { workerData, resourceLimits });
}

export interface PrepareThreadHooks {
  signal?: AbortSignal;
  /** Old-generation heap cap of the worker in MiB (default: none). */
  maxHeapMb?: number;
  onProgress?: (progress: PrepareProgress) => void;
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
  return new Promise<PrepareThreadResult>((resolve, reject) => {
    const worker = spawn(data, hooks.maxHeapMb);
    let settled = false;
    const onAbort = (): void => worker.postMessage({ type: 'cancel' });
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve({ summary: message.summary, ...(message.rangeEnd ? { rangeEnd: message.rangeEnd } : {}) }));
      else settle(() => reject(new AppError(message.error.code, message.error.message, message.error.where)));
    });
    worker.on('error', (e: Error & { code?: string }) =>
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('INTERNAL', `The prepare worker ran out of memory (heap cap ${hooks.maxHeapMb ?? 'default'} MiB)`)
            : new AppError('INTERNAL', `The prepare worker failed: ${e.message}`),
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `The prepare worker exited (code ${code}) without a result`))));
  });
}
