import type { UploadProgress, UploadResult } from '../../core/jobs/upload/index';
import type { ToUploadWorker, UploadWorkerData, UploadWorkerEvent, WorkerUploadOptions } from '../../core/jobs/upload/upload-worker-messages';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { workerTargetOf } from '../../core/workers/job-worker-protocol';
import { locateWorker, startJobThread, type JobThread, type WorkerFiles } from '../../core/workers/index';

/** The upload worker's script: its source in core/jobs/upload from here, `dist/workers/` once built. */
export const UPLOAD_WORKER_FILES: WorkerFiles = { source: '../../core/jobs/upload/upload-worker.ts', bundle: 'upload-worker.mjs' };

export interface UploadThreadHooks {
  /** Stops the upload; its reason's word says whether the batch is aborted or kept to resume (core/jobs/job-stop.ts). */
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  onNote?: (message: string) => void;
  /** Told the job folder once the worker holds its lock. */
  onJobDir?: (jobDir: string) => void;
}

export interface UploadThread extends JobThread<UploadResult, ToUploadWorker> {
  pause(): void;
  resume(): void;
}

/**
 * Runs the upload job (core/jobs/upload) in a worker thread; this thread only relays.
 * Why tokens from here: the worker gets the target without its secret and asks for an access
 * token by message whenever its client needs one (renewals and 401s included), so the secret
 * and the keychain stay on this thread (core/workers/job-thread.ts). Pause and resume are
 * messages; the outcome and errors (code, message, place) come back as plain data.
 */
export function startUploadThread(client: PlatformClient, tokens: TokenProvider, options: WorkerUploadOptions, hooks: UploadThreadHooks = {}): UploadThread {
  const data: UploadWorkerData = { target: workerTargetOf(client.target), options };
  const thread = startJobThread<UploadWorkerEvent, UploadResult, ToUploadWorker>({
    job: 'upload',
    entry: locateWorker(import.meta.url, UPLOAD_WORKER_FILES),
    workerData: data,
    tokens: { client, provider: tokens },
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onMessage: (message) => {
      if (message.type === 'progress') hooks.onProgress?.(message.progress);
      else if (message.type === 'note') hooks.onNote?.(message.message);
      else hooks.onJobDir?.(message.jobDir);
    },
  });
  return { ...thread, pause: () => thread.send({ type: 'pause' }), resume: () => thread.send({ type: 'resume' }) };
}
