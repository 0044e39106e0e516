import { parentPort, workerData } from 'node:worker_threads';
import type { RangeEnd } from '../../sources/index';
import { startHeapLog } from '../../workers/heap-log';
import { serveJobWorker } from '../../workers/serve-job-worker';
import { runPrepareJob } from './prepare-job';
import type { PrepareThreadResult } from './prepare-thread';
import type { PrepareProgress } from './prepare-types';
import { runPrepare } from './run-prepare';
import type { FromWorker, PrepareWorkerData } from './worker-messages';

/**
 * Worker-thread entry of the prepare job.
 * Why a thread: parsing, mapping, validating and serialising a large file is CPU-bound; on the
 * Electron main thread it would freeze the window (design §3). The owner's `stop` aborts the
 * signal (core/workers/job-worker.ts), so the pipeline stops between rows and closes its files.
 */
const port = parentPort;
if (!port) throw new Error('prepare-worker must run in a worker thread');
const data = workerData as PrepareWorkerData;
const post = (message: FromWorker): void => port.postMessage(message);
const onProgress = (progress: PrepareProgress): void => post({ type: 'progress', progress });

serveJobWorker<PrepareThreadResult>(port, {
  run: async (signal) => {
    const endHeapLog = startHeapLog(data.range ? `prepare segment at byte ${data.range.start}` : 'prepare job');
    try {
      return await run(signal);
    } finally {
      endHeapLog();
    }
  },
});

async function run(signal: AbortSignal): Promise<PrepareThreadResult> {
  // A segment of a split job, or a whole job (which may split itself over more of these workers).
  if (!data.range)
    return { summary: await runPrepareJob(data.options, { signal, onProgress, ...(data.columns ? { columns: data.columns } : {}), ...data.job }) };
  let rangeEnd: RangeEnd | undefined;
  const summary = await runPrepare(data.options, {
    signal,
    onProgress,
    ...(data.columns ? { columns: data.columns } : {}),
    range: data.range,
    onRangeEnd: (end: RangeEnd) => (rangeEnd = end),
  });
  return { summary, ...(rangeEnd ? { rangeEnd } : {}) };
}
