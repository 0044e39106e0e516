import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { RequestInput, RequestName, RequestOutput, XdmBridge } from '../../src-shared/ipc/contract';
import { bridgeFailure } from '../state/bridge-errors';

/**
 * A request main refused, as a thrown value: TanStack Query (and `await`) see a failure, the
 * screen reads `error` (code, message, place) from it.
 */
export class RequestFailure extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
    this.name = 'RequestFailure';
  }
}

/**
 * Asks main and returns the value, or throws a `RequestFailure`.
 * Why one place: both bridges answer with envelopes and promise not to throw, yet a torn-down
 * transport can still reject; here an `{ ok: false }` and a rejection both become the same
 * failure, so queries and mutations need no `catch` of their own.
 */
export async function ask<N extends RequestName>(bridge: XdmBridge, name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
  let reply;
  try {
    reply = await bridge.request(name, input);
  } catch (error) {
    throw new RequestFailure(bridgeFailure(error));
  }
  if (!reply.ok) throw new RequestFailure(reply.error);
  return reply.value;
}

/** The error a screen shows for anything a query or mutation threw. */
export function errorOf(thrown: unknown): AppErrorShape {
  return thrown instanceof RequestFailure ? thrown.error : bridgeFailure(thrown);
}

/** What a write answers the screen that asked for it: the value, or why it failed. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Runs a write and turns a throw into an `{ ok: false }` (for callers that branch rather than catch). */
export async function outcomeOf<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (thrown) {
    return { ok: false, error: errorOf(thrown) };
  }
}
