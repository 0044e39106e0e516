import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../../src-shared/domain/errors';
import type { RangeEnd } from '../../sources/index';
import type { PrepareProgress, PrepareSummary } from './prepare-types';
import type { FromWorker, PrepareWorkerData } from './worker-messages';

/**
 * Where the worker entry is and whether it is TypeScript.
 * Why two forms: tests and `tsx` run this module from `src-main/…/start-prepare-worker.ts` and
 * must load the TypeScript entry; bundled builds run from `dist/<entry>/` and load
 * `dist/workers/prepare-worker.mjs` (scripts/build.mjs builds it).
 */
export function prepareWorkerLocation(moduleUrl: string = import.meta.url): { url: URL; typescript: boolean } {
  if (moduleUrl.endsWith('.ts')) return { url: new URL('./prepare-worker.ts', moduleUrl), typescript: true };
  return { url: new URL('../workers/prepare-worker.mjs', moduleUrl), typescript: false };
}

/** Young generation of the worker: three semi-spaces' worth in V8's accounting (32 MiB each). */
const YOUNG_GENERATION_MB = 96;

/**
 * Creates the worker. A TypeScript entry is loaded by a two-line bootstrap that registers
 * tsx's loader inside the thread first. Why not `execArgv: ['--import', 'tsx']`: Node 20
 * ignores loader flags in worker execArgv.
 */
function spawn(location: { url: URL; typescript: boolean }, workerData: unknown, maxHeapMb: number | undefined): Worker {
  // The pipeline's own live data is a few tens of MB (checked with forced GCs): the readers
  // pull a chunk at a time, so nothing grows with the file. Nearly every allocation (cells,
  // records, JSON lines) dies within a batch; a young generation larger than V8's default
  // (semi-spaces of 32 MiB instead of 16) lets those die in scavenges instead of being promoted,
  // which cut prepare time by about a tenth in the benchmark and keeps peak RSS well under
  // 400 MB. An old-generation cap stays optional: it only makes V8 collect earlier.
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(maxHeapMb === undefined ? {} : { maxOldGenerationSizeMb: maxHeapMb }) };
  if (!location.typescript) return new Worker(location.url, { workerData, resourceLimits });
  // The ESM build of tsx's API (its CommonJS build mis-resolves its own files under eval).
  const tsxApi = pathToFileURL(createRequire(location.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(location.url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
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
  const location = prepareWorkerLocation();
  return new Promise<PrepareThreadResult>((resolve, reject) => {
    const worker = spawn(location, data, hooks.maxHeapMb);
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
