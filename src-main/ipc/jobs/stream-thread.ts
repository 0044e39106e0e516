import type { StreamProgress, StreamReport } from '../../core/jobs/stream/index';
import type { StreamWorkerData, StreamWorkerEvent, ToStreamWorker, WorkerStreamOptions } from '../../core/jobs/stream/stream-worker-messages';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { workerTargetOf } from '../../core/workers/job-worker-protocol';
import { locateWorker, type WorkerFiles } from '../../core/workers/index';
import { startJobThread } from './job-thread';

/** The stream worker's script: its source in core/jobs/stream from here, `dist/workers/` once built. */
export const STREAM_WORKER_FILES: WorkerFiles = { source: '../../core/jobs/stream/stream-worker.ts', bundle: 'stream-worker.mjs' };

export interface StreamThreadOptions extends WorkerStreamOptions {
  /** Stops the run between requests; it then fails with CANCELLED, naming how many records were sent. */
  signal?: AbortSignal;
  onProgress?: (progress: StreamProgress) => void;
}

export interface StreamThread {
  readonly done: Promise<StreamReport>;
  /** The worker's thread id, once it runs (tests check it is not this thread). */
  readonly threadId: Promise<number>;
}

/**
 * Runs a streaming job (core/jobs/stream) in a worker thread; this thread only relays.
 * Why: as for the upload (upload-thread.ts), the worker holds the target without its secret and
 * asks this thread for access tokens, and cancel is a message, acted on between requests.
 */
export function startStreamThread(client: PlatformClient, tokens: TokenProvider, options: StreamThreadOptions): StreamThread {
  const { signal, onProgress, ...plain } = options;
  const data: StreamWorkerData = { target: workerTargetOf(client.target), options: plain };
  const thread = startJobThread<StreamWorkerEvent, StreamReport, ToStreamWorker>({
    job: 'stream',
    entry: locateWorker(import.meta.url, STREAM_WORKER_FILES),
    workerData: data,
    client,
    tokens,
    ...(signal ? { signal } : {}),
    onAbort: (send) => send({ type: 'stop' }),
    onMessage: (message) => onProgress?.(message.progress),
  });
  return { done: thread.done, threadId: thread.threadId };
}
