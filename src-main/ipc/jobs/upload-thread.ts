import type { UploadJob, UploadOptions, UploadProgress, UploadResult } from '../../core/jobs/upload/index';
import type { ToUploadWorker, UploadWorkerData, UploadWorkerEvent, WorkerUploadOptions } from '../../core/jobs/upload/upload-worker-messages';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { workerTargetOf } from '../../core/workers/job-worker-protocol';
import { locateWorker, type WorkerFiles } from '../../core/workers/index';
import { startJobThread } from './job-thread';

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
 * and the keychain stay on this thread (ipc/jobs/job-thread.ts). Pause, resume and stop are
 * messages; the outcome and errors (code, message, place) come back as plain data.
 */
export function startUploadThread(client: PlatformClient, tokens: TokenProvider, options: UploadThreadOptions): UploadThread {
  const { signal, onProgress, onNote, onJobDir } = options;
  const plain: WorkerUploadOptions = { ...options };
  for (const key of ['signal', 'onAbort', 'onProgress', 'onNote', 'onJobDir'] as const) delete (plain as Partial<UploadThreadOptions>)[key];
  const data: UploadWorkerData = { target: workerTargetOf(client.target), options: plain };
  const thread = startJobThread<UploadWorkerEvent, UploadResult, ToUploadWorker>({
    job: 'upload',
    entry: locateWorker(import.meta.url, UPLOAD_WORKER_FILES),
    workerData: data,
    client,
    tokens,
    ...(signal ? { signal } : {}),
    onAbort: (send) => send({ type: 'stop', mode: options.onAbort ?? 'abort-batch' }),
    onMessage: (message) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'note') onNote?.(message.message);
      else onJobDir?.(message.jobDir);
    },
  });
  return {
    done: thread.done,
    threadId: thread.threadId,
    pause: () => thread.send({ type: 'pause' }),
    resume: () => thread.send({ type: 'resume' }),
  };
}
