/**
 * The processing queue on the server thread: completed batches go to the processing worker, one at
 * a time, off the request path.
 *
 * COMPLETE only enqueues; the worker (`processing-worker.ts`) does the work and writes the status,
 * so the server thread stays free to answer `GET batch`. The worker starts with the first batch and
 * lives until `close()`, which asks it to stop after the current record and terminates it if it does
 * not; a batch it was processing stays `processing` and is re-queued at the next start. A worker that
 * dies fails its current batch, and a fresh one takes the rest.
 */
import { Worker } from 'node:worker_threads';
import { updateBatch } from '../batches';
import type { DocumentStore } from '../store/documents';
import { resolveProcessingWorker, type WorkerEntry } from './worker-entry';
import { isFromWorker, type ProcessingWorkerData, type ToWorker } from './worker-protocol';

export interface BatchQueueOptions {
  dataDir: string;
  /** The XDM assets folder, resolved once by the server (the worker must not guess again). */
  assetsDir: string;
  /** The server's documents, to fail a batch whose worker died. */
  docs: DocumentStore;
  /** The worker script; found next to this module or its bundle by default. */
  worker?: WorkerEntry;
  /** How long `close()` waits for the worker to stop before terminating it. */
  closeTimeoutMs?: number;
}

interface Item {
  sandbox: string;
  id: string;
}

export class BatchQueue {
  private readonly pending: Item[] = [];
  private current: Item | undefined;
  private worker: Worker | undefined;
  private closed = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly options: BatchQueueOptions) {}

  enqueue(sandbox: string, id: string): void {
    if (this.closed) return;
    const same = (p: Item): boolean => p.sandbox === sandbox && p.id === id;
    if (this.pending.some(same) || (this.current && same(this.current))) return;
    this.pending.push({ sandbox, id });
    this.dispatch();
  }

  /** Stops a queued or running batch (action=FAIL); the caller has already marked it failed. */
  cancel(sandbox: string, id: string): void {
    const index = this.pending.findIndex((p) => p.sandbox === sandbox && p.id === id);
    if (index >= 0) this.pending.splice(index, 1);
    if (this.current?.sandbox === sandbox && this.current.id === id) this.post({ type: 'cancel', sandbox, id });
    this.settle();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.current && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops taking work, lets the worker stop after its current record (or terminates it), and waits. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => void worker.terminate(), this.options.closeTimeoutMs ?? 5000);
      await exited;
      clearTimeout(timer);
    }
    this.current = undefined;
    this.settle();
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private spawn(): Worker {
    const entry = this.options.worker ?? resolveProcessingWorker(import.meta.url);
    const workerData: ProcessingWorkerData = { dataDir: this.options.dataDir, assetsDir: this.options.assetsDir };
    const worker = entry.kind === 'bundle' ? new Worker(entry.url, { workerData }) : new Worker(entry.bootstrap, { eval: true, workerData });
    worker.on('message', (message: unknown) => {
      if (!isFromWorker(message) || message.type !== 'done') return;
      if (this.current?.sandbox === message.sandbox && this.current.id === message.id) this.current = undefined;
      this.dispatch();
    });
    const lost = (reason: string): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const item = this.current;
      this.current = undefined;
      if (item) this.failLost(item, reason);
      this.dispatch();
    };
    worker.on('error', (e: Error) => lost(e.message));
    worker.on('exit', (code) => lost(`the processing worker exited with code ${code}`));
    return worker;
  }

  /** Fails a batch whose worker died while processing it. */
  private failLost(item: Item, reason: string): void {
    if (this.options.docs.get(item.sandbox, 'batch', item.id)?.status !== 'processing') return;
    updateBatch(this.options.docs, item.sandbox, item.id, (b) => {
      b.status = 'failed';
      b.completed = Date.now();
      b.errors = [{ code: '500', description: `Processing failed: ${reason}` }];
    });
  }

  private dispatch(): void {
    if (this.closed || this.current) return this.settle();
    const next = this.pending.shift();
    if (!next) return this.settle();
    try {
      this.worker ??= this.spawn();
    } catch (e) {
      this.failLost(next, (e as Error).message);
      return this.dispatch();
    }
    this.current = next;
    this.post({ type: 'process', sandbox: next.sandbox, id: next.id });
  }

  private settle(): void {
    if (this.current || this.pending.length > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
