import type { AppErrorShape } from '../../src-shared/domain/errors';

/**
 * Turns a rejected bridge call into an error the screen can show.
 * Why: envelopes carry coded errors, but the transport itself can still fail (a closed
 * WebSocket, a torn-down window). Those arrive as thrown values; the user gets the message
 * under a code, never a stack.
 */
export function bridgeFailure(error: unknown): AppErrorShape {
  const message = error instanceof Error && error.message ? error.message : String(error);
  return { code: 'UNREACHABLE', message: `The app did not answer: ${message}` };
}
