import { isAppError, type AppErrorShape } from '../../../src-shared/domain/errors';

/** Why a job failed, as its `failed` event carries it. */
export interface JobFailure {
  error: AppErrorShape;
  /** The raw message of a failure nobody planned for; absent for the expected ones. */
  detail?: string;
}

/**
 * A job's failure in words.
 * Why two cases: an AppError other than INTERNAL is a planned outcome (cancelled, unreachable,
 * a bad file) whose message is written for people, so it is shown as it is. Anything else (a bug,
 * a worker that died, INTERNAL) carries a message written for developers: the user reads
 * `unexpected`, and the raw message becomes `detail`, shown behind "Details" and logged.
 */
export function jobFailure(error: unknown, unexpected: string): JobFailure {
  if (isAppError(error) && error.code !== 'INTERNAL') return { error: error.toShape() };
  const detail = error instanceof Error ? error.message : String(error);
  return { error: { code: 'INTERNAL', message: unexpected }, detail };
}
