import type { MessagePort } from 'node:worker_threads';
import { threadId } from 'node:worker_threads';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { TokenProvider } from '../platform/ims-token';
import { silentLogger } from '../platform/logger';
import { createPlatformClient, type PlatformClient } from '../platform/platform-client';
import { stopJob } from '../jobs/job-stop';
import type { FromJobWorker, ToJobWorker, TokenReply, WorkerTarget } from './job-worker-protocol';

/**
 * The worker side of a job thread: the job run under a signal its owner stops, an AEP client whose
 * tokens come from the owner, and the outcome reported back. The owner side is job-thread.ts.
 */
export interface JobWorkerClient {
  client: PlatformClient;
  /** Hands a token reply to the request waiting for it; false when `message` is not one. */
  takeTokenReply(message: { type: string }): boolean;
}

/**
 * A platform client for `target` that has no secret: each token is asked of the owner by message.
 * `job` names the job in errors ("the stream worker has no client secret").
 */
export function jobWorkerClient(port: MessagePort, target: WorkerTarget, job: string): JobWorkerClient {
  const post = (message: FromJobWorker<never>): void => port.postMessage(message);
  let nextTokenId = 1;
  const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: unknown) => void }>();
  const tokens: TokenProvider = {
    token: (_credentials, signal) =>
      new Promise<string>((resolve, reject) => {
        if (signal?.aborted) return reject(new AppError('CANCELLED', `The ${job} was cancelled.`));
        const id = nextTokenId++;
        waiting.set(id, { resolve, reject });
        post({ type: 'token', id });
      }),
    invalidate: (connectionId, rejected) => post({ type: 'invalidate', connectionId, rejected }),
    forget: () => undefined,
  };
  const client = createPlatformClient({
    target: { ...target, clientSecret: () => Promise.reject(new AppError('INTERNAL', `The ${job} worker has no client secret.`)) },
    tokens,
    logger: silentLogger,
  });
  return {
    client,
    takeTokenReply(message) {
      if (message.type !== 'token') return false;
      const reply = message as TokenReply;
      const entry = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.token !== undefined) entry?.resolve(reply.token);
      else entry?.reject(new AppError(reply.error?.code ?? 'INTERNAL', reply.error?.message ?? 'No access token.', reply.error?.where));
      return true;
    },
  };
}

export interface JobWorkerOptions<Result, Own> {
  /** Runs the job under `signal`, which aborts with a JobStopped reason (the owner's word) on `stop`. */
  run(signal: AbortSignal): Promise<Result>;
  /** Token replies for the worker's AEP client (jobWorkerClient), when it has one. */
  takeTokenReply?(message: { type: string }): boolean;
  /** Called before the signal aborts on `stop` (a paused upload must wake up to see it). */
  beforeStop?(): void;
  /** The job's own messages (an upload's pause and resume). */
  onMessage?(message: Own): void;
}

/**
 * Serves one job in this worker thread: listens for `stop` and token replies, runs the job, and
 * reports its outcome. Why one function: every job worker (prepare, upload, stream) starts,
 * stops and ends the same way; only its job and its own messages differ.
 */
export function serveJobWorker<Result, Own extends { type: string } = never>(port: MessagePort, options: JobWorkerOptions<Result, Own>): void {
  const controller = new AbortController();
  port.on('message', (message: ToJobWorker | Own) => {
    if (options.takeTokenReply?.(message)) return;
    if (message.type === 'stop' && 'stop' in message) {
      options.beforeStop?.();
      stopJob(controller, message.stop);
    } else options.onMessage?.(message as Own);
  });
  reportJobOutcome(port, options.run(controller.signal));
}

/** Says the worker started (with its thread id), then reports the job's outcome as plain data and closes the port. */
function reportJobOutcome<Result>(port: MessagePort, done: Promise<Result>): void {
  const post = (message: FromJobWorker<Result>): void => port.postMessage(message);
  post({ type: 'started', threadId });
  done
    .then((result) => post({ type: 'done', result }))
    .catch((e: unknown) => post({ type: 'error', error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }))
    .finally(() => port.close());
}
