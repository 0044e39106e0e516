import { type MessagePort, parentPort } from 'node:worker_threads';
import { AppError } from '../../../src-shared/domain/errors';
import { carryError, type FromWorker, isToWorker, type WorkerApi, type WorkerCallContext } from './worker-protocol';

/**
 * The worker side of a WorkerClient: answers `call` messages with the API's methods.
 * Why calls run concurrently: most methods wait on file reads between bursts of CPU, and a long
 * preview must not queue a short inspect behind it more than the CPU itself does. A `cancel`
 * aborts the call's signal; the caller has already given up, so its late answer is dropped.
 */
export function serveWorker<Api extends WorkerApi<Api>>(api: Api, port: MessagePort | null = parentPort): void {
  if (!port) throw new Error('serveWorker must run in a worker thread');
  const running = new Map<number, AbortController>();
  const methods = api as Record<string, unknown>;

  async function run(id: number, op: string, input: unknown): Promise<void> {
    const controller = new AbortController();
    running.set(id, controller);
    let reply: FromWorker;
    try {
      // Own properties only: a name like "constructor" or "__proto__" is not a method of the API.
      const method = Object.hasOwn(methods, op) ? methods[op] : undefined;
      if (typeof method !== 'function') throw new Error(`The worker has no method "${op}"`);
      const ctx: WorkerCallContext = {
        signal: controller.signal,
        progress: (value) => {
          if (!controller.signal.aborted) port?.postMessage({ type: 'progress', id, value } satisfies FromWorker);
        },
      };
      const value: unknown = await (method as (input: unknown, ctx: WorkerCallContext) => Promise<unknown>).call(api, input, ctx);
      reply = { type: 'result', id, value };
    } catch (error) {
      reply = { type: 'error', id, error: carryError(error) };
    } finally {
      running.delete(id);
    }
    if (controller.signal.aborted) return;
    try {
      port?.postMessage(reply);
    } catch (error) {
      // A value that cannot be cloned (a function, a class with native state) is a bug in the method.
      port?.postMessage({ type: 'error', id, error: carryError(error) } satisfies FromWorker);
    }
  }

  port.on('message', (message: unknown) => {
    if (!isToWorker(message)) return;
    if (message.type === 'cancel') running.get(message.id)?.abort(new AppError('CANCELLED', 'The request was cancelled.'));
    else void run(message.id, message.op, message.input);
  });
}
