import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { UploadJob, UploadOptions, UploadProgress, UploadResult } from '../../core/jobs/upload/index';
import type { FromUploadWorker, ToUploadWorker, UploadWorkerData, WorkerUploadOptions } from '../../core/jobs/upload/upload-worker-messages';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { locateWorker, spawnWorker, type WorkerFiles } from '../../core/workers/index';

/** The upload worker's script: its source in core/jobs/upload from here, `dist/workers/` once built. */
export const UPLOAD_WORKER_FILES: WorkerFiles = { source: '../../core/jobs/upload/upload-worker.ts', bundle: 'upload-worker.mjs' };

export interface UploadThreadOptions extends WorkerUploadOptions {
  signal?: AbortSignal;
  /** Read when `signal` aborts (a getter may decide then): ABORT the batch, or keep it to resume. */
  onAbort?: UploadOptions['onAbort'];
  onProgress?: (progress: UploadProgress) => void;
  onNote?: (message: string) => void;
  /** Told the job folder once the worker holds its lock. */
  onJobDir?: (jobDir: string) => void;
}

export interface UploadThread extends UploadJob {
  /** The worker's thread id, once it runs (tests check it is not this thread). */
  readonly threadId: Promise<number>;
}

/**
 * Runs the upload job (core/jobs/upload) in a worker thread; this thread only relays.
 * Why tokens from here: the worker gets the target without its secret and asks for an access
 * token by message whenever its client needs one (renewals and 401s included), so the secret
 * and the keychain stay on this thread. Pause, resume and stop are messages; the outcome and
 * errors (code, message, place) come back as plain data.
 */
export function startUploadThread(client: PlatformClient, tokens: TokenProvider, options: UploadThreadOptions): UploadThread {
  const { signal, onProgress, onNote, onJobDir } = options;
  const plain: WorkerUploadOptions = { ...options };
  for (const key of ['signal', 'onAbort', 'onProgress', 'onNote', 'onJobDir'] as const) delete (plain as Partial<UploadThreadOptions>)[key];
  const { clientSecret, ...target } = client.target;
  void clientSecret;
  const data: UploadWorkerData = { target, options: plain };
  const worker = spawnWorker(locateWorker(import.meta.url, UPLOAD_WORKER_FILES), { workerData: data });
  const send = (message: ToUploadWorker): void => worker.postMessage(message);
  let resolveThread: (id: number) => void = () => undefined;
  const threadId = new Promise<number>((resolve) => (resolveThread = resolve));

  const done = new Promise<UploadResult>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => send({ type: 'stop', mode: options.onAbort ?? 'abort-batch' });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (message: FromUploadWorker) => {
      switch (message.type) {
        case 'started':
          resolveThread(message.threadId);
          break;
        case 'token':
          tokens.token(client.target, signal).then(
            (token) => send({ type: 'token', id: message.id, token }),
            (error: unknown) =>
              send({
                type: 'token',
                id: message.id,
                error: isAppError(error) ? error.toShape() : { code: 'UNAUTHORIZED', message: error instanceof Error ? error.message : String(error) },
              }),
          );
          break;
        case 'invalidate':
          tokens.invalidate(message.connectionId, message.rejected);
          break;
        case 'progress':
          onProgress?.(message.progress);
          break;
        case 'note':
          onNote?.(message.message);
          break;
        case 'job-dir':
          onJobDir?.(message.jobDir);
          break;
        case 'done':
          settle(() => resolve(message.result));
          break;
        case 'error':
          settle(() => reject(new AppError(message.error.code, message.error.message, message.error.where)));
          break;
      }
    });
    worker.on('error', (e: Error) => settle(() => reject(new AppError('INTERNAL', `The upload worker failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `The upload worker exited (code ${code}) without a result`))));
  });

  return {
    done,
    threadId,
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
  };
}
