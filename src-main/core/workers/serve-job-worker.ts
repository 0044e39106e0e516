import type { MessagePort } from 'node:worker_threads';
import { threadId } from 'node:worker_threads';
import { isAppError } from '../../../src-shared/domain/errors';
import { stopJob } from '../jobs/job-stop';
import type { FromJobWorker, ToJobWorker } from './job-worker-protocol';

/**
 * The worker side of a job thread (prepare, upload, stream): the job runs under a signal its owner
 * stops, and its outcome goes back as plain data. The owner side is job-thread.ts. Why apart from
 * job-worker.ts: a prepare worker talks to no AEP service and bundles no platform client.
 */
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
    .catch((e: unknown) =>
      post({ type: 'error', error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } }),
    )
    .finally(() => port.close());
}
