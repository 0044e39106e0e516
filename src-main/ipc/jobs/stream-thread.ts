import type { StreamProgress, StreamReport } from '../../core/jobs/stream/index';
import type { StreamWorkerData, StreamWorkerEvent, WorkerStreamOptions } from '../../core/jobs/stream/stream-worker-messages';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { workerTargetOf } from '../../core/workers/job-worker-protocol';
import { locateWorker, startJobThread, type JobThread, type WorkerFiles } from '../../core/workers/index';

/** The stream worker's script: its source in core/jobs/stream from here, `dist/workers/` once built. */
export const STREAM_WORKER_FILES: WorkerFiles = { source: '../../core/jobs/stream/stream-worker.ts', bundle: 'stream-worker.mjs' };

export interface StreamThreadHooks {
  /** Stops the run between requests; it then fails with CANCELLED, naming how many records were sent. */
  signal?: AbortSignal;
  onProgress?: (progress: StreamProgress) => void;
}

/**
 * Runs a streaming job (core/jobs/stream) in a worker thread; this thread only relays.
 * Why: as for the upload (upload-thread.ts), the worker holds the target without its secret and
 * asks this thread for access tokens, and a stop is a message, acted on between requests.
 */
export function startStreamThread(
  client: PlatformClient,
  tokens: TokenProvider,
  options: WorkerStreamOptions,
  hooks: StreamThreadHooks = {},
): JobThread<StreamReport, never> {
  const data: StreamWorkerData = { target: workerTargetOf(client.target), options };
  return startJobThread<StreamWorkerEvent, StreamReport>({
    job: 'stream',
    entry: locateWorker(import.meta.url, STREAM_WORKER_FILES),
    workerData: data,
    tokens: { client, provider: tokens },
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onMessage: (message) => hooks.onProgress?.(message.progress),
  });
}
