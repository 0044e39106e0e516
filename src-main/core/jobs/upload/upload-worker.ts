import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../../src-shared/domain/errors';
import { jobWorkerClient, reportJobOutcome } from '../../workers/job-worker';
import { startUpload } from './upload-job';
import type { FromUploadWorker, ToUploadWorker, UploadWorkerData } from './upload-worker-messages';

/**
 * Worker-thread entry of the upload job.
 * Why a thread: streaming parts from disk into HTTP bodies, counting the lines of a JSON Lines
 * file and appending the journal all run JavaScript per chunk; on the Electron main thread a
 * fast upload would take event-loop time from the window (design §3). Access tokens come from
 * the owner by message (the secret stays there); pause, resume and stop arrive as messages.
 */
const port = parentPort;
if (!port) throw new Error('upload-worker must run in a worker thread');
const data = workerData as UploadWorkerData;
const post = (message: FromUploadWorker): void => port.postMessage(message);
const controller = new AbortController();
let stopMode: 'abort-batch' | 'suspend' = 'abort-batch';
const { client, takeTokenReply } = jobWorkerClient(port, data.target, 'upload');

const job = startUpload(client, {
  ...data.options,
  signal: controller.signal,
  // Read when the signal aborts, after the stop message said how.
  get onAbort() {
    return stopMode;
  },
  onProgress: (progress) => post({ type: 'progress', progress }),
  onNote: (message) => post({ type: 'note', message }),
  onJobDir: (jobDir) => post({ type: 'job-dir', jobDir }),
});

port.on('message', (message: ToUploadWorker) => {
  if (takeTokenReply(message)) return;
  if (message.type === 'pause') job.pause();
  else if (message.type === 'resume') job.resume();
  else if (message.type === 'stop') {
    stopMode = message.mode;
    job.resume();
    controller.abort(new AppError('CANCELLED', 'The upload was cancelled.'));
  }
});

reportJobOutcome(port, job.done);
