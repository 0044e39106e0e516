import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { TokenProvider } from '../../core/platform/ims-token';
import type { PlatformClient } from '../../core/platform/platform-client';
import { isJobWorkerMessage, type FromJobWorker, type TokenReply } from '../../core/workers/job-worker-protocol';
import { spawnWorker, type WorkerEntry } from '../../core/workers/index';

/**
 * The owner side of a job thread (upload, stream): starts the worker, answers its token requests
 * from this thread's token provider, and turns its outcome (or its death) into one settled promise.
 * Why here and not in each job: the token relay and the settling rules are the same for every
 * job that talks to AEP; a job adds only its own messages (progress, notes) and its stop message.
 * The worker side is core/workers/job-worker.ts.
 */
export interface JobThreadOptions<Own, ToWorker> {
  /** Names the job in errors ("the stream worker exited"). */
  job: string;
  entry: WorkerEntry;
  /** Plain data for the worker; it must hold no secret (see workerTargetOf). */
  workerData: unknown;
  client: PlatformClient;
  tokens: TokenProvider;
  signal?: AbortSignal;
  /** Called once when `signal` aborts (or at once when it already has): tell the worker to stop through `send`. */
  onAbort(send: (message: ToWorker) => void): void;
  /** The job's own messages (anything but started, token, invalidate, done, error). */
  onMessage(message: Own): void;
}

export interface JobThread<Result, ToWorker> {
  readonly done: Promise<Result>;
  /** The worker's thread id, once it runs (tests check it is not this thread). */
  readonly threadId: Promise<number>;
  send(message: ToWorker): void;
}

export function startJobThread<Own extends { type: string }, Result, ToWorker>(options: JobThreadOptions<Own, ToWorker>): JobThread<Result, ToWorker> {
  const { client, tokens, signal, job } = options;
  const worker = spawnWorker(options.entry, { workerData: options.workerData });
  const send = (message: ToWorker | TokenReply): void => worker.postMessage(message);
  let resolveThread: (id: number) => void = () => undefined;
  const threadId = new Promise<number>((resolve) => (resolveThread = resolve));

  const done = new Promise<Result>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => options.onAbort(send);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const shared = (message: FromJobWorker<Result>): void => {
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
      else options.onMessage(message);
    });
    worker.on('error', (e: Error) => settle(() => reject(new AppError('INTERNAL', `The ${job} worker failed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new AppError('INTERNAL', `The ${job} worker exited (code ${code}) without a result`))));
  });

  return { done, threadId, send };
}
