import { AppError, isAppError } from '../../../src-shared/domain/errors';

/**
 * How a job is told to stop, in one word, carried as the `AbortSignal`'s reason from the handler
 * through the worker thread to the job: `cancel` ends it for good (an upload ABORTs its batch),
 * `suspend` only stops it and keeps what lets a later run resume (an upload's journal and batch;
 * app shutdown). Why on the signal: the job reads the reason when it sees the abort, so no getter
 * or option has to travel beside the signal through every hop.
 */
export type JobStop = 'cancel' | 'suspend';

/** The reason a stopped job's signal carries: a CANCELLED AppError (what retries and waits reject with) that knows its stop. */
export class JobStopped extends AppError {
  readonly stop: JobStop;
  constructor(stop: JobStop, message = stop === 'cancel' ? 'Cancelled by the user.' : 'The app is closing.') {
    super('CANCELLED', message);
    this.stop = stop;
  }
}

/** Aborts `controller` with `stop` as its reason (a no-op once aborted: the first stop wins). */
export function stopJob(controller: AbortController, stop: JobStop, message?: string): void {
  if (!controller.signal.aborted) controller.abort(new JobStopped(stop, message));
}

/** The stop an aborted signal carries; any other abort (an owner gone, a plain `abort()`) counts as `cancel`. */
export function stopOf(signal: AbortSignal): JobStop {
  const reason: unknown = signal.reason;
  return isAppError(reason) && 'stop' in reason && reason.stop === 'suspend' ? 'suspend' : 'cancel';
}
