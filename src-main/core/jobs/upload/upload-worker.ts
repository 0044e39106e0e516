import { parentPort, workerData } from 'node:worker_threads';
import { jobWorkerClient } from '../../workers/job-worker';
import { serveJobWorker } from '../../workers/serve-job-worker';
import { startUpload, type UploadJob } from './upload-job';
import type { FromUploadWorker, ToUploadWorker, UploadWorkerData } from './upload-worker-messages';
import type { UploadResult } from './upload-types';

/**
 * Worker-thread entry of the upload job.
 * Why a thread: streaming parts from disk into HTTP bodies, counting the lines of a JSON Lines
 * file and appending the journal all run JavaScript per chunk; on the Electron main thread a
 * fast upload would take event-loop time from the window (design §3). Access tokens come from
 * the owner by message (the secret stays there); pause and resume arrive as messages, and the
 * stop's word (cancel or suspend) rides on the signal's reason into the job.
 */
const port = parentPort;
if (!port) throw new Error('upload-worker must run in a worker thread');
const data = workerData as UploadWorkerData;
const post = (message: FromUploadWorker): void => port.postMessage(message);
const { client, takeTokenReply } = jobWorkerClient(port, data.target, 'upload');
let job: UploadJob | undefined;

serveJobWorker<UploadResult, ToUploadWorker>(port, {
  takeTokenReply,
  run: (signal) => {
    job = startUpload(client, {
      ...data.options,
      signal,
      onProgress: (progress) => post({ type: 'progress', progress }),
      onNote: (message) => post({ type: 'note', message }),
      onJobDir: (jobDir) => post({ type: 'job-dir', jobDir }),
    });
    return job.done;
  },
  beforeStop: () => job?.resume(),
  onMessage: (message) => {
    if (message.type === 'pause') job?.pause();
    else job?.resume();
  },
});
