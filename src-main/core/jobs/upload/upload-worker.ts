import { parentPort, threadId, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { silentLogger } from '../../platform/logger';
import { createPlatformClient } from '../../platform/platform-client';
import type { TokenProvider } from '../../platform/ims-token';
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
let nextTokenId = 1;
const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: unknown) => void }>();

const tokens: TokenProvider = {
  token: (_credentials, signal) =>
    new Promise<string>((resolve, reject) => {
      if (signal?.aborted) return reject(new AppError('CANCELLED', 'The upload was cancelled.'));
      const id = nextTokenId++;
      waiting.set(id, { resolve, reject });
      post({ type: 'token', id });
    }),
  invalidate: (connectionId, rejected) => post({ type: 'invalidate', connectionId, rejected }),
  forget: () => undefined,
};

const client = createPlatformClient({
  target: { ...data.target, clientSecret: () => Promise.reject(new AppError('INTERNAL', 'The upload worker has no client secret.')) },
  tokens,
  logger: silentLogger,
});

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
  if (message.type === 'pause') job.pause();
  else if (message.type === 'resume') job.resume();
  else if (message.type === 'stop') {
    stopMode = message.mode;
    job.resume();
    controller.abort(new AppError('CANCELLED', 'The upload was cancelled.'));
  } else if (message.type === 'token') {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.token !== undefined) entry?.resolve(message.token);
    else entry?.reject(new AppError(message.error?.code ?? 'INTERNAL', message.error?.message ?? 'No access token.', message.error?.where));
  }
});

post({ type: 'started', threadId });
job.done
  .then((result) => post({ type: 'done', result }))
  .catch((e: unknown) => post({ type: 'error', error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }))
  .finally(() => port.close());
