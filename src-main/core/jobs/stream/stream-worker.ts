import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../../src-shared/domain/errors';
import { jobWorkerClient, reportJobOutcome } from '../../workers/job-worker';
import { streamFile } from './stream-file';
import type { FromStreamWorker, StreamWorkerData, ToStreamWorker } from './stream-worker-messages';

/**
 * Worker-thread entry of the streaming job (`jobs.stream`).
 * Why a thread: a run reads the records, serializes an envelope per record and waits up to
 * seventeen minutes at AEP's synchronous pace; none of it belongs on the Electron main thread
 * (design §3). Access tokens come from the owner by message (the secret stays there); `stop`
 * ends the run between requests.
 */
const port = parentPort;
if (!port) throw new Error('stream-worker must run in a worker thread');
const data = workerData as StreamWorkerData;
const post = (message: FromStreamWorker): void => port.postMessage(message);
const controller = new AbortController();
const { client, takeTokenReply } = jobWorkerClient(port, data.target, 'stream');

port.on('message', (message: ToStreamWorker) => {
  if (takeTokenReply(message)) return;
  if (message.type === 'stop') controller.abort(new AppError('CANCELLED', 'Streaming was cancelled.'));
});

reportJobOutcome(
  port,
  streamFile(client, { ...data.options, signal: controller.signal, onProgress: (progress) => post({ type: 'progress', progress }) }),
);
