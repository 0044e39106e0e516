import type { FromJobWorker, WorkerTarget } from '../../workers/job-worker-protocol';
import type { StreamFileInput } from './stream-file';
import type { StreamProgress, StreamReport } from './stream-types';

/**
 * Messages between the stream worker thread and its owner (ipc/jobs/stream-thread.ts); `stop` (shared) ends the run before its next request.
 * Why typed in one place: both ends are separate bundles. As with the upload worker, the client
 * secret never crosses: tokens are asked of the owner (core/workers/job-worker-protocol.ts).
 */

/** The streaming options that are plain data (no signal, no callbacks, no clock). */
export type WorkerStreamOptions = Omit<StreamFileInput, 'signal' | 'onProgress' | 'now'>;

export interface StreamWorkerData {
  target: WorkerTarget;
  options: WorkerStreamOptions;
}

/** The stream's own message, beside the shared ones (started, token, invalidate, done, error). */
export type StreamWorkerEvent = { type: 'progress'; progress: StreamProgress };

export type FromStreamWorker = FromJobWorker<StreamReport> | StreamWorkerEvent;
