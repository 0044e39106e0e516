import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../../src-shared/domain/errors';
import type { RangeEnd } from '../../sources/index';
import { runPrepareJob } from './prepare-job';
import type { PrepareProgress } from './prepare-types';
import { runPrepare } from './run-prepare';
import type { FromWorker, PrepareWorkerData, ToWorker } from './worker-messages';

/**
 * Worker-thread entry of the prepare job.
 * Why a thread: parsing, mapping, validating and serialising a large file is CPU-bound; on the
 * Electron main thread it would freeze the window (design §3). Cancellation arrives as a
 * message and becomes an AbortSignal, so the pipeline stops between rows and closes its files.
 */
const port = parentPort;
if (!port) throw new Error('prepare-worker must run in a worker thread');
const data = workerData as PrepareWorkerData;
const controller = new AbortController();
const post = (message: FromWorker): void => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') controller.abort();
});

let rangeEnd: RangeEnd | undefined;
const signal = controller.signal;
const onProgress = (progress: PrepareProgress): void => post({ type: 'progress', progress });
// A segment of a split job, or a whole job (which may split itself over more of these workers).
const work = data.range
  ? runPrepare(data.options, { signal, onProgress, ...(data.columns ? { columns: data.columns } : {}), range: data.range, onRangeEnd: (end: RangeEnd) => (rangeEnd = end) })
  : runPrepareJob(data.options, { signal, onProgress, ...(data.columns ? { columns: data.columns } : {}), ...data.job });
work
  .then((summary) => post({ type: 'done', summary, ...(rangeEnd ? { rangeEnd } : {}) }))
  .catch((e: unknown) => {
    post({ type: 'error', error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
  })
  .finally(() => port.close());
