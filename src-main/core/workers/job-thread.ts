import type { ResourceLimits } from 'node:worker_threads';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import { stopOf } from '../jobs/job-stop';
import type { TokenProvider } from '../platform/ims-token';
import type { PlatformClient } from '../platform/platform-client';
import { isJobWorkerMessage, type FromJobWorker, type ToJobWorker } from './job-worker-protocol';
import { spawnWorker, type WorkerEntry } from './worker-entry';

/**
 * The owner side of a job thread (prepare, upload, stream, and a prepare's extra segments): starts
 * the worker, tells it to stop with the word its signal's reason carries, answers its token
 * requests, and turns its outcome (or its death) into one settled promise.
 * Why one runner: every job worker speaks the same lifecycle (started, done or error, stop); a job
 * adds only its own messages (progress, notes) and, for an upload, pause and resume. The worker
 * side is job-worker.ts.
 */
export interface JobThreadOptions<Own> {
  /** Names the job in errors ("the stream worker exited"). */
  job: string;
  entry: WorkerEntry;
  /** Plain data for the worker; it must hold no secret (see workerTargetOf). */
  workerData: unknown;
  resourceLimits?: ResourceLimits;
  /** Where a worker that talks to AEP gets access tokens; the secret stays on this thread. */
  tokens?: { client: PlatformClient; provider: TokenProvider };
  /** Stops the job: the worker is told `stop` with the reason's word (core/jobs/job-stop.ts). */
  signal?: AbortSignal;
  /** The job's own messages (anything but started, token, invalidate, done, error). */
  onMessage?(message: Own): void;
}

export interface JobThread<Result, ToWorker> {
  readonly done: Promise<Result>;
  /** The worker's thread id, once it runs (tests check it is not this thread). */
  readonly threadId: Promise<number>;
  /** A job's own message to its worker (an upload's pause and resume). */
  send(message: ToWorker): void;
  /** Ends the worker at once; `done` then rejects as a worker that exited without a result. */
  terminate(): Promise<void>;
}

export function startJobThread<Own extends { type: string }, Result, ToWorker = never>(options: JobThreadOptions<Own>): JobThread<Result, ToWorker> {
  const { signal, job, tokens } = options;
  const worker = spawnWorker(options.entry, { workerData: options.workerData, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
  const send = (message: ToWorker | ToJobWorker): void => worker.postMessage(message);
  let resolveThread: (id: number) => void = () => undefined;
  const threadId = new Promise<number>((resolve) => (resolveThread = resolve));

  const done = new Promise<Result>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => send({ type: 'stop', stop: signal ? stopOf(signal) : 'cancel' });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const answerToken = (id: number): void => {
      if (!tokens) {
        send({ type: 'token', id, error: { code: 'INTERNAL', message: `The ${job} worker has no access to tokens.` } });
        return;
      }
      tokens.provider.token(tokens.client.target, signal).then(
        (token) => send({ type: 'token', id, token }),
        (error: unknown) =>
          send({
            type: 'token',
            id,
            error: isAppError(error) ? error.toShape() : { code: 'UNAUTHORIZED', message: error instanceof Error ? error.message : String(error) },
          }),
      );
    };
    const shared = (message: FromJobWorker<Result>): void => {
      switch (message.type) {
        case 'started':
          resolveThread(message.threadId);
          break;
        case 'token':
          answerToken(message.id);
          break;
        case 'invalidate':
          tokens?.provider.invalidate(message.connectionId, message.rejected);
          break;
        case 'done':
          settle(() => resolve(message.result));
          break;
        case 'error':
          settle(() => reject(new AppError(message.error.code, message.error.message, message.error.where)));
          break;
      }
    };
    worker.on('message', (message: FromJobWorker<Result> | Own) => {
      if (isJobWorkerMessage<Result>(message)) shared(message);
      else options.onMessage?.(message);
    });
    worker.on('error', (e: Error & { code?: string }) =>
      settle(() =>
        reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('INTERNAL', `The ${job} worker ran out of memory (heap cap ${options.resourceLimits?.maxOldGenerationSizeMb ?? 'default'} MiB)`)
            : new AppError('INTERNAL', `The ${job} worker failed: ${e.message}`),
        ),
      ),
    );
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `The ${job} worker exited (code ${code}) without a result`))));
  });

  return {
    done,
    threadId,
    send,
    terminate: async () => {
      await worker.terminate();
    },
  };
}
