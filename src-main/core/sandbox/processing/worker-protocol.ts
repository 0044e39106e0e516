/**
 * The messages between the server thread and the processing worker.
 *
 * Kept in one module so both sides agree on the shapes; the server only tells the worker what to
 * process, cancel or stop, and the worker only says when a batch is finished (its status is in the
 * database, which the server reads to answer `GET batch`).
 */

/** `workerData` of the processing worker. */
export interface ProcessingWorkerData {
  dataDir: string;
  assetsDir: string;
}

/** Server → worker. */
export type ToWorker = { type: 'process'; sandbox: string; id: string } | { type: 'cancel'; sandbox: string; id: string } | { type: 'close' };

/** Worker → server. `error` is set when processing threw (the worker has already failed the batch). */
export type FromWorker = { type: 'done'; sandbox: string; id: string; error?: string } | { type: 'closed' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Narrows a message received by the worker. */
export function isToWorker(value: unknown): value is ToWorker {
  if (!isRecord(value)) return false;
  if (value.type === 'close') return true;
  return (value.type === 'process' || value.type === 'cancel') && typeof value.sandbox === 'string' && typeof value.id === 'string';
}

/** Narrows a message received from the worker. */
export function isFromWorker(value: unknown): value is FromWorker {
  if (!isRecord(value)) return false;
  if (value.type === 'closed') return true;
  return (
    value.type === 'done' && typeof value.sandbox === 'string' && typeof value.id === 'string' && (value.error === undefined || typeof value.error === 'string')
  );
}
