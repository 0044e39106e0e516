import type { AppErrorShape } from '../../../../src-shared/domain/errors';
import type { PlatformTarget } from '../../platform/platform-client';
import type { UploadOptions, UploadProgress, UploadResult } from './upload-types';

/**
 * Messages between the upload worker thread and its owner.
 * Why typed in one place: both ends are separate bundles (dist/workers and the entry that spawns
 * it). The client secret never crosses: the worker asks its owner for access tokens by message,
 * so secrets stay on the thread that holds the keychain (design §2, scripts/build.mjs).
 */

/** A target without its secret (a function, which cannot cross a thread anyway). */
export type WorkerTarget = Omit<PlatformTarget, 'clientSecret'>;

/** The upload's options that are plain data (no signal, no callbacks). */
export type WorkerUploadOptions = Omit<UploadOptions, 'signal' | 'onProgress' | 'onNote' | 'onAbort' | 'onJobDir'>;

export interface UploadWorkerData {
  target: WorkerTarget;
  options: WorkerUploadOptions;
}

export type ToUploadWorker =
  | { type: 'pause' }
  | { type: 'resume' }
  /** `abort-batch` cancels (ABORT the batch); `suspend` stops and keeps the journal for a resume. */
  | { type: 'stop'; mode: 'abort-batch' | 'suspend' }
  | { type: 'token'; id: number; token?: string; error?: AppErrorShape };

export type FromUploadWorker =
  | { type: 'started'; threadId: number }
  | { type: 'token'; id: number }
  | { type: 'invalidate'; connectionId: string; rejected: string }
  | { type: 'progress'; progress: UploadProgress }
  | { type: 'note'; message: string }
  | { type: 'job-dir'; jobDir: string }
  | { type: 'done'; result: UploadResult }
  | { type: 'error'; error: AppErrorShape };
