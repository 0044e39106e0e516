import type { AppErrorShape, ErrorCode, Where } from '../../src-shared/domain/errors';
import type { Envelope } from '../../src-shared/ipc/contract';

/**
 * Error envelopes the bridge makes itself.
 * Why: a failed transport is reported the way a failed request is, so screens branch on a code
 * (UNREACHABLE, UNAUTHORIZED) instead of catching exceptions from a promise.
 */
export function failure<T>(code: ErrorCode, message: string, where?: Where): Envelope<T> {
  const error: AppErrorShape = where ? { code, message, where } : { code, message };
  return { ok: false, error };
}

export const UNREACHABLE_MESSAGE = 'XDM Loader is not reachable: the connection to it closed. If it was restarted, open the new URL it printed.';
