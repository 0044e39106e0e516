import type { MessagePort } from 'node:worker_threads';
import { threadId } from 'node:worker_threads';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { TokenProvider } from '../platform/ims-token';
import { silentLogger } from '../platform/logger';
import { createPlatformClient, type PlatformClient } from '../platform/platform-client';
import type { FromJobWorker, TokenReply, WorkerTarget } from './job-worker-protocol';

/**
 * The worker side of a job thread: an AEP client whose tokens come from the owner, and the outcome
 * reported back. The owner side is ipc/jobs/job-thread.ts.
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

/** Says the worker started (with its thread id), then reports the job's outcome as plain data and closes the port. */
export function reportJobOutcome<Result>(port: MessagePort, done: Promise<Result>): void {
  const post = (message: FromJobWorker<Result>): void => port.postMessage(message);
  post({ type: 'started', threadId });
  done
    .then((result) => post({ type: 'done', result }))
    .catch((e: unknown) => post({ type: 'error', error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }))
    .finally(() => port.close());
}
