import type { ResourceLimits, Worker } from 'node:worker_threads';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import { spawnWorker, type WorkerEntry } from './worker-entry';
import { isFromWorker, restoreError, type ToWorker, type WorkerApi } from './worker-protocol';

export interface WorkerClientOptions {
  /** Names the worker in messages ("the file worker stopped…") and in the thread's name. */
  name: string;
  /**
   * Where the worker's script is (see locateWorker), asked when a worker starts.
   * Why a function: a missing bundle then fails the call that needed it, not the app's start.
   */
  entry: () => WorkerEntry;
  workerData?: unknown;
  resourceLimits?: ResourceLimits;
  /** Told when the worker dies without being asked to (after its pending calls have failed). */
  onCrash?: (error: AppError) => void;
  /** Where the cause of a crash is logged (stderr by default). */
  log?: (message: string, error: unknown) => void;
}

export interface CallOptions {
  /** Aborting fails the call at once with CANCELLED (or the signal's AppError reason) and tells the worker to stop. */
  signal?: AbortSignal;
  /** Told each progress report of the call (a method that reads a whole file sends them). */
  onProgress?: (value: unknown) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Detaches the call's abort listener. */
  detach(): void;
  onProgress?: (value: unknown) => void;
}

type Input<F> = F extends (input: infer I, ...rest: never[]) => unknown ? I : never;

/**
 * Calls into one long-lived worker thread, started on the first call.
 * Why: the Electron main thread must never parse, map or serve heavy HTTP itself (design §3), and
 * starting a thread (and loading its modules) per call would cost more than most calls. Requests
 * carry ids, so calls may overlap; replies and failures come back as values or errors with their
 * AppError code and `where` intact. A worker that dies fails every call it held with a clear
 * INTERNAL error, and the next call starts a fresh one. The thread is unref'd while no call waits
 * on it, so it never keeps a process alive on its own.
 */
export class WorkerClient<Api extends WorkerApi<Api>> {
  readonly #options: WorkerClientOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: WorkerClientOptions) {
    this.#options = options;
  }

  /** The running worker's thread id, or null when none runs (not started yet, crashed, closed). */
  get threadId(): number | null {
    return this.#worker?.threadId ?? null;
  }

  /** Calls `op` in the worker with `input` (structured-cloned) and resolves with its result. */
  call<K extends keyof Api & string>(op: K, input: Input<Api[K]>, options: CallOptions = {}): Promise<Awaited<ReturnType<Api[K]>>> {
    return this.#call(op, input, options) as Promise<Awaited<ReturnType<Api[K]>>>;
  }

  /** Fails every pending call with CANCELLED and ends the worker; later calls fail too. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new AppError('CANCELLED', `The ${this.#options.name} worker has been shut down.`));
    if (worker) await worker.terminate();
  }

  #call(op: string, input: unknown, options: CallOptions): Promise<unknown> {
    const { signal } = options;
    if (this.#closed) return Promise.reject(new AppError('CANCELLED', `The ${this.#options.name} worker has been shut down.`));
    if (signal?.aborted) return Promise.reject(cancelled(signal.reason));
    let worker: Worker;
    try {
      worker = this.#ensureWorker();
    } catch (error) {
      return Promise.reject(error);
    }
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#settle(id)) return;
        if (this.#worker === worker) worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
        reject(cancelled(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      // A waiting caller keeps the process alive (a CLI awaiting an inspect); an idle worker does not.
      if (this.#pending.size === 1) worker.ref();
      try {
        worker.postMessage({ type: 'call', id, op, input } satisfies ToWorker);
      } catch (error) {
        // An input that cannot be cloned never reached the worker.
        this.#settle(id);
        reject(error);
      }
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const { name, workerData, resourceLimits } = this.#options;
    const worker = spawnWorker(this.#options.entry(), {
      name,
      ...(workerData === undefined ? {} : { workerData }),
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    worker.unref();
    worker.on('message', (message: unknown) => this.#onMessage(message));
    worker.on('error', (error: Error & { code?: string }) => this.#onDeath(worker, error));
    worker.on('exit', (code: number) => this.#onDeath(worker, code));
    this.#worker = worker;
    return worker;
  }

  #onMessage(message: unknown): void {
    if (!isFromWorker(message)) return;
    const pending = this.#pending.get(message.id);
    if (message.type === 'progress') {
      pending?.onProgress?.(message.value);
      return;
    }
    // A call that was cancelled (or failed with a crash) already has its answer.
    if (!pending || !this.#settle(message.id)) return;
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(restoreError(message.error));
  }

  /** A worker ended on its own: an uncaught error, an out-of-memory stop, or an exit. */
  #onDeath(worker: Worker, cause: (Error & { code?: string }) | number): void {
    // 'error' is followed by 'exit'; and a terminated or replaced worker is no news.
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const { name } = this.#options;
    const why =
      typeof cause === 'number' ? `exited with code ${cause}` : cause.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory' : `failed: ${cause.message}`;
    const error = new AppError('INTERNAL', `The ${name} worker stopped unexpectedly (it ${why}); try again.`);
    const log = this.#options.log ?? ((message: string, detail: unknown) => console.error(`[workers] ${message}`, detail));
    log(`the ${name} worker stopped unexpectedly`, cause);
    this.#failAll(error);
    this.#options.onCrash?.(error);
  }

  /** Removes a pending call; false when it was already settled. */
  #settle(id: number): boolean {
    const pending = this.#pending.get(id);
    if (!pending) return false;
    this.#pending.delete(id);
    pending.detach();
    if (this.#pending.size === 0) this.#worker?.unref();
    return true;
  }

  #failAll(error: AppError): void {
    for (const [id, pending] of [...this.#pending]) {
      this.#settle(id);
      pending.reject(error);
    }
  }
}

/** The error a cancelled call rejects with: the signal's own AppError (a job's reason), or CANCELLED. */
function cancelled(reason: unknown): AppError {
  return isAppError(reason) ? reason : new AppError('CANCELLED', 'The request was cancelled.');
}
