import { parentPort, workerData } from 'node:worker_threads';
import { jobWorkerClient } from '../../workers/job-worker';
import { serveJobWorker } from '../../workers/serve-job-worker';
import { streamFile } from './stream-file';
import type { FromStreamWorker, StreamWorkerData } from './stream-worker-messages';
import type { StreamReport } from './stream-types';

/**
 * Worker-thread entry of the streaming job (`streaming.send`).
 * Why a thread: a run reads the records, serializes an envelope per record and waits up to
 * seventeen minutes at AEP's synchronous pace; none of it belongs on the Electron main thread
 * (design §3). Access tokens come from the owner by message (the secret stays there); `stop`
 * ends the run between requests.
 */
const port = parentPort;
if (!port) throw new Error('stream-worker must run in a worker thread');
const data = workerData as StreamWorkerData;
const post = (message: FromStreamWorker): void => port.postMessage(message);
const { client, takeTokenReply } = jobWorkerClient(port, data.target, 'stream');

serveJobWorker<StreamReport>(port, {
  takeTokenReply,
  run: (signal) => streamFile(client, { ...data.options, signal, onProgress: (progress) => post({ type: 'progress', progress }) }),
});
