import { AppError, AppErrorShape, isAppError } from '../../../src-shared/domain/errors';

/**
 * The messages between a worker client (worker-client.ts) and the worker it calls (serve-worker.ts).
 * Why typed in one place: both ends are separate bundles (the entry that starts the worker and
 * `dist/workers/*.mjs`); one definition keeps them speaking the same protocol.
 */

/** What a worker method gets besides its input. */
export interface WorkerCallContext {
  /** Aborted when the caller gave up (its AbortSignal fired); long reads should stop early. */
  signal: AbortSignal;
  /** Tells the caller how far a long call has come (its `onProgress`); plain data, sent as it is. */
  progress(value: unknown): void;
}

/**
 * A worker's API: an object type whose methods take one structured-cloneable input and resolve
 * with a structured-cloneable value. Written as an interface by each worker, e.g.
 * `interface FileWorkApi { inspect(input: InspectRequest, ctx: WorkerCallContext): Promise<FileInspection> }`.
 */
export type WorkerApi<T> = { [K in keyof T]: (input: never, ctx: WorkerCallContext) => Promise<unknown> };

export type ToWorker = { type: 'call'; id: number; op: string; input: unknown } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: CarriedError }
  /** How far a call has come; any number of them before its result or error. */
  | { type: 'progress'; id: number; value: unknown };

/**
 * A failure on its way out of a worker.
 * Why two kinds: an AppError keeps its code and `where` (the renderer branches on them); anything
 * else is a bug, and must stay "not an AppError" on the other side so that the router logs it and
 * answers INTERNAL without showing its message.
 */
export type CarriedError = { kind: 'app'; error: AppErrorShape; stack?: string } | { kind: 'other'; name: string; message: string; stack?: string };

export function carryError(error: unknown): CarriedError {
  if (isAppError(error)) return { kind: 'app', error: error.toShape(), ...(error.stack ? { stack: error.stack } : {}) };
  if (error instanceof Error) return { kind: 'other', name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { kind: 'other', name: 'Error', message: String(error) };
}

/** The error a caller sees: an AppError with its code and place, or a plain Error with the worker's stack. */
export function restoreError(carried: CarriedError): Error {
  if (carried.kind === 'app') {
    // Parsed, so that a malformed message from a worker cannot forge an unknown code.
    const shape = AppErrorShape.safeParse(carried.error);
    const error = shape.success
      ? new AppError(shape.data.code, shape.data.message, shape.data.where)
      : new Error(`A worker returned a malformed error: ${JSON.stringify(carried.error).slice(0, 200)}`);
    if (shape.success && carried.stack) error.stack = carried.stack;
    return error;
  }
  const error = new Error(carried.message);
  error.name = carried.name;
  if (carried.stack) error.stack = carried.stack;
  return error;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isToWorker(value: unknown): value is ToWorker {
  if (!isRecord(value) || typeof value.id !== 'number') return false;
  return (value.type === 'call' && typeof value.op === 'string') || value.type === 'cancel';
}

export function isFromWorker(value: unknown): value is FromWorker {
  if (!isRecord(value) || typeof value.id !== 'number') return false;
  return value.type === 'result' || value.type === 'progress' || (value.type === 'error' && isRecord(value.error));
}
