import type { MessagePort } from 'node:worker_threads';
import { AppError } from '../../../src-shared/domain/errors';
import type { TokenProvider } from '../platform/ims-token';
import { silentLogger } from '../platform/logger';
import { createPlatformClient, type PlatformClient } from '../platform/platform-client';
import type { FromJobWorker, TokenReply, WorkerTarget } from './job-worker-protocol';

/**
 * The worker side of a job thread that talks to AEP (upload, stream): a client whose tokens come
 * from the owner. Serving the job itself (stop, outcome) is serve-job-worker.ts.
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
