import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { JobStop } from '../jobs/job-stop';
import type { PlatformTarget } from '../platform/platform-client';

/**
 * The messages every job worker (prepare, upload, stream) exchanges with its owner, beside its own.
 * Why shared: every job worker starts, stops and reports its outcome the same way, and those that
 * talk to AEP get access tokens the same way: the worker holds the target without its secret and
 * asks its owner for a token by message, so the client secret and the keychain stay on the thread
 * that owns them (design §2 and §4).
 */

/** A target without its secret (a function, which could not cross a thread anyway). */
export type WorkerTarget = Omit<PlatformTarget, 'clientSecret'>;

/** What a job worker sends its owner, whatever its job: its thread id, token requests, its outcome. */
export type FromJobWorker<Result> =
  | { type: 'started'; threadId: number }
  | { type: 'token'; id: number }
  | { type: 'invalidate'; connectionId: string; rejected: string }
  | { type: 'done'; result: Result }
  | { type: 'error'; error: AppErrorShape };

/** The owner's answer to a token request: a token, or why there is none. */
export interface TokenReply {
  type: 'token';
  id: number;
  token?: string;
  error?: AppErrorShape;
}

/** What the owner sends every job worker: stop (with how), and token replies. */
export type ToJobWorker = { type: 'stop'; stop: JobStop } | TokenReply;

const jobWorkerTypes: ReadonlySet<string> = new Set(['started', 'token', 'invalidate', 'done', 'error']);

/** Whether a worker's message is one of the shared ones (else it is the job's own). */
export function isJobWorkerMessage<Result>(message: { type: string }): message is FromJobWorker<Result> {
  return jobWorkerTypes.has(message.type);
}

/** The target as a worker may hold it: everything but the secret. */
export function workerTargetOf(target: PlatformTarget): WorkerTarget {
  const { clientSecret, ...rest } = target;
  void clientSecret;
  return rest;
}
