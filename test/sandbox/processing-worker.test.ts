/**
 * Processing in the worker thread: a restart in the middle of Profile promotion resumes the batch
 * and promotes every record exactly once; FAIL during processing stops it and discards what it
 * promoted; a worker that dies fails its batch without stalling the queue, and one that ignores
 * `close` is terminated.
 *
 * The tests read `sandbox.db` directly (read-only, beside the running sandbox, as WAL allows) to
 * catch the moment the worker has written part of a batch, and to count the Profile rows it left.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchQueue } from '../../src-main/core/sandbox/processing/batch-queue';
import { openDatabase } from '../../src-main/core/sandbox/store/database';
import { DocumentStore } from '../../src-main/core/sandbox/store/documents';
import { EXP, IMP, completeBatch, customer, jsonl, newBatch, profileByIdentity, putFile, seededDataset, type BatchRef, type Obj } from './batch-client';
import { repoRoot } from './contract';
import { Harness } from './harness';

const RECORDS = 20_000;

/** Profile fragments a batch has in the database so far. */
function fragments(dataDir: string, batchId: string): number {
  const db = new Database(path.join(dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM fragments WHERE batch = ?').get(batchId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Waits until the worker has promoted part (not all) of the batch. */
async function waitForPartialPromotion(dataDir: string, batchId: string): Promise<number> {
  const end = Date.now() + 60_000;
  for (;;) {
    const n = fragments(dataDir, batchId);
    if (n > 0) return n;
    if (Date.now() > end) throw new Error('the worker never started promoting the batch');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('batch processing in the worker thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function bigBatch(h: Harness): Promise<BatchRef> {
    const b = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await putFile(h, b, 'big.json', jsonl(Array.from({ length: RECORDS }, (_, i) => customer(i))))).status).toBe(200);
    expect((await h.call('POST', `${IMP}/batches/${b.id}?action=COMPLETE`)).status).toBe(200);
    return b;
  }

  it('resumes a batch after a restart in the middle of Profile promotion, promoting each record once', async () => {
    let h = await Harness.start();
    const dataDir = h.dataDir;
    cleanups.push(() => h.close());
    const b = await bigBatch(h);
    const partial = await waitForPartialPromotion(dataDir, b.id);
    const closing = Date.now();
    await h.sandbox.close();
    expect(Date.now() - closing).toBeLessThan(4000);
    const left = fragments(dataDir, b.id);
    expect(left).toBeGreaterThanOrEqual(partial);
    expect(left).toBeLessThan(RECORDS);

    h = await Harness.start({}, dataDir);
    const resumed = await h.call('GET', `/data/foundation/catalog/batches/${b.id}`);
    expect(((resumed.json as Record<string, Obj>)[b.id] as Obj).status).toBe('processing');
    const batch = await h.waitForBatch(b.id);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: RECORDS, outputRecordCount: RECORDS, failedRecordCount: 0 });
    expect(fragments(dataDir, b.id)).toBe(RECORDS);
    expect(((await profileByIdentity(h, `user${RECORDS - 1}@example.com`, 'Email'))?.person as Obj).name).toEqual({
      firstName: `First${RECORDS - 1}`,
      lastName: 'Doe',
    });
    const files = await h.call('GET', `${EXP}/batches/${b.id}/files`);
    expect(((files.json as Obj).data as Obj[]).map((f) => f.records)).toEqual([String(RECORDS)]);
  }, 120_000);

  it('stops on FAIL during processing and discards what the worker had promoted', async () => {
    const h = await Harness.start();
    cleanups.push(() => h.close());
    const b = await bigBatch(h);
    await waitForPartialPromotion(h.dataDir, b.id);
    expect((await h.call('POST', `${IMP}/batches/${b.id}?action=FAIL`)).status).toBe(200);
    await h.sandbox.idle();
    const batch = await h.waitForBatch(b.id);
    expect(batch.status).toBe('failed');
    expect((batch.errors as Obj[])[0]?.description).toContain('action=FAIL');
    expect(fragments(h.dataDir, b.id)).toBe(0);
    expect((await profileByIdentity(h, 'user1@example.com', 'Email'))?.person).toBeUndefined();
    expect(((await h.call('GET', `${EXP}/batches/${b.id}/files`)).json as Obj).data).toEqual([]);

    const next = await newBatch(h, b.datasetId);
    expect((await putFile(h, next, 'after.json', jsonl([customer(1)]))).status).toBe(200);
    expect((await completeBatch(h, next)).status).toBe('success');
    expect(((await profileByIdentity(h, 'user1@example.com', 'Email'))?.person as Obj).name).toEqual({ firstName: 'First1', lastName: 'Doe' });
  }, 120_000);

  it('fails the batch of a worker that dies, then processes the next one with a fresh worker', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xdm-queue-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(dir);
    cleanups.push(() => {
      db.close();
    });
    const docs = new DocumentStore(db);
    const script = path.join(dir, 'dying-worker.mjs');
    writeFileSync(
      script,
      // Dies on its first batch; a fresh worker (new thread, new module state) marks the next one done.
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { if (m.type !== 'process') return; if (m.id === 'b1') process.exit(3); parentPort.postMessage({ type: 'done', sandbox: m.sandbox, id: m.id }); });\n",
    );
    for (const id of ['b1', 'b2']) docs.put('prod', 'batch', id, { id, status: 'processing', version: '1.0.0' });
    const worker = { kind: 'bundle' as const, url: pathToFileURL(script) };
    const queue = new BatchQueue({ dataDir: dir, assetsDir: path.join(repoRoot, 'assets/xdm'), docs, worker, closeTimeoutMs: 200 });
    queue.enqueue('prod', 'b1');
    queue.enqueue('prod', 'b2');
    await queue.idle();
    const b1 = docs.get('prod', 'batch', 'b1');
    expect(b1?.status).toBe('failed');
    expect(JSON.stringify(b1?.errors)).toContain('exited with code 3');
    expect(docs.get('prod', 'batch', 'b2')?.status).toBe('processing');
    // This worker ignores `close`: close() must terminate it after its timeout instead of hanging.
    const closing = Date.now();
    await queue.close();
    expect(Date.now() - closing).toBeLessThan(3000);
  }, 30_000);
});
