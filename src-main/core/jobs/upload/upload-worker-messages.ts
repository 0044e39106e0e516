import type { FromJobWorker, WorkerTarget } from '../../workers/job-worker-protocol';
import type { UploadOptions, UploadProgress, UploadResult } from './upload-types';

/**
 * Messages between the upload worker thread and its owner.
 * Why typed in one place: both ends are separate bundles (dist/workers and the entry that spawns
 * it). The client secret never crosses: the worker asks its owner for access tokens by message
 * (the shared job-worker protocol, core/workers/job-worker-protocol.ts), so secrets stay on the
 * thread that holds the keychain (design §2, scripts/build.mjs).
 */

export type { WorkerTarget } from '../../workers/job-worker-protocol';

/** The upload's options that are plain data (no signal, no callbacks). */
export type WorkerUploadOptions = Omit<UploadOptions, 'signal' | 'onProgress' | 'onNote' | 'onJobDir'>;

export interface UploadWorkerData {
  target: WorkerTarget;
  options: WorkerUploadOptions;
}

/** The upload's own messages to its worker, beside the shared ones (stop, token replies). */
export type ToUploadWorker = { type: 'pause' } | { type: 'resume' };

/** The upload's own messages, beside the shared ones (started, token, invalidate, done, error). */
export type UploadWorkerEvent = { type: 'progress'; progress: UploadProgress } | { type: 'note'; message: string } | { type: 'job-dir'; jobDir: string };

export type FromUploadWorker = FromJobWorker<UploadResult> | UploadWorkerEvent;
