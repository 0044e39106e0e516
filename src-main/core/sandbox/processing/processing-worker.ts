/**
 * The processing worker thread: processes completed batches one after another, off the server thread.
 *
 * Reading, validating, writing output and failed records and promoting to Profile are CPU-heavy;
 * done here, they never delay a request (the bench's `GET batch` p99 target is under 50 ms while a
 * 1 GB batch processes). The worker has its own SQLite connection to the same database (WAL, busy
 * timeout) and writes batch documents and Profile rows itself; the server learns of the end of a
 * batch by a `done` message and serves its status from the database. Loaded as TypeScript through
 * tsx from source, and as `dist/workers/sandbox-processing.mjs` when bundled (`worker-entry.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { updateBatch } from '../batches';
import { discardPartialResults, processBatch, ProcessingCancelled } from './batch-processor';
import { openProcessingContext, type ProcessingContext } from './processing-context';
import { isToWorker, type FromWorker, type ProcessingWorkerData } from './worker-protocol';

function isWorkerData(value: unknown): value is ProcessingWorkerData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.dataDir === 'string' && typeof v.assetsDir === 'string';
}

/** Runs the worker's message loop on `port` (the thread's `parentPort`). */
function serve(port: NonNullable<typeof parentPort>, data: ProcessingWorkerData): void {
  const ctx: ProcessingContext = openProcessingContext(data.dataDir, data.assetsDir);
  const queue: Array<{ sandbox: string; id: string }> = [];
  const cancelled = new Set<string>();
  let closing = false;
  let running: Promise<void> | undefined;
  const send = (message: FromWorker): void => port.postMessage(message);

  const runOne = async (sandbox: string, id: string): Promise<void> => {
    const key = `${sandbox}/${id}`;
    let error: string | undefined;
    try {
      await processBatch(ctx, sandbox, id, () => closing || cancelled.has(key));
    } catch (e) {
      if (e instanceof ProcessingCancelled) {
        // Closing leaves the batch `processing` for the next start; a FAIL discards what was written.
        if (!closing) discardPartialResults(ctx, sandbox, id);
      } else {
        error = (e as Error).message;
        discardPartialResults(ctx, sandbox, id);
        const reason = error;
        ctx.db
          .transaction(() => {
            if (ctx.docs.get(sandbox, 'batch', id)?.status !== 'processing') return;
            updateBatch(ctx.docs, sandbox, id, (b) => {
              b.status = 'failed';
              b.completed = Date.now();
              b.errors = [{ code: '500', description: `Processing failed: ${reason}` }];
            });
          })
          .immediate();
      }
    }
    cancelled.delete(key);
    if (!closing) send(error === undefined ? { type: 'done', sandbox, id } : { type: 'done', sandbox, id, error });
  };

  const drain = async (): Promise<void> => {
    try {
      for (let next = queue.shift(); next && !closing; next = queue.shift()) await runOne(next.sandbox, next.id);
    } finally {
      running = undefined;
    }
  };

  port.on('message', (message: unknown) => {
    if (!isToWorker(message)) return;
    if (message.type === 'process') {
      queue.push({ sandbox: message.sandbox, id: message.id });
      running ??= drain();
    } else if (message.type === 'cancel') {
      cancelled.add(`${message.sandbox}/${message.id}`);
    } else {
      closing = true;
      void (async () => {
        while (running) await running;
        ctx.db.close();
        send({ type: 'closed' });
        port.close();
      })();
    }
  });
}

if (parentPort && isWorkerData(workerData)) serve(parentPort, workerData);
