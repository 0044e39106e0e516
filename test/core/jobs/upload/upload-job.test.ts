import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src-shared/domain/errors';
import { stopJob } from '../../../../src-main/core/jobs/job-stop';
import { getBatch } from '../../../../src-main/core/platform/catalog';
import { readJournal, startUpload, type UploadOptions, type UploadProgress, type UploadResult } from '../../../../src-main/core/jobs/upload/index';
import { customerRecord, datasetBatches, startUploadHarness, type UploadHarness, writePrepared } from './upload-harness';

/**
 * The upload job against the Local sandbox on loopback, with its fault switches (design §6).
 * The invariant every test checks: the batch holds exactly the prepared records, once.
 */
let h: UploadHarness;
beforeAll(async () => {
  h = await startUploadHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.sandbox.faults.clear();
  h.requests.length = 0;
});

function options(input: string, extra: Partial<UploadOptions> = {}): UploadOptions {
  // No wait in confirmation: the Local sandbox applies a batch to Profile before it reports success.
  return {
    input,
    datasetId: h.datasetId,
    jobsDir: path.join(h.dir, 'jobs'),
    targetKey: 'local-test',
    pollInitialMs: 50,
    pollMaxMs: 300,
    confirm: { waitMs: 0 },
    ...extra,
  };
}

const count = (prefix: string) => h.requests.filter((r) => r.startsWith(prefix)).length;

/** The job's batches in the dataset (every run and attempt share the externalId's prefix). */
async function batchesOfJob(result: UploadResult) {
  const prefix = (result.batches[0]?.externalId ?? '').replace(/-r\d+-b\d+-a\d+$/, '');
  expect(prefix).toMatch(/^xdm-loader-/);
  return (await datasetBatches(h.client, h.datasetId)).filter((b) => b.externalId?.startsWith(prefix));
}

async function expectExactlyOnce(result: UploadResult, expected: number) {
  expect(result.status).toBe('success');
  expect(result.recordsWritten).toBe(expected);
  expect(result.recordsFailed).toBe(0);
  const batches = await batchesOfJob(result);
  const succeeded = batches.filter((b) => b.status === 'success');
  expect(succeeded.map((b) => b.id).sort()).toEqual(result.batches.map((b) => b.batchId).sort());
  expect(succeeded.reduce((n, b) => n + b.records, 0)).toBe(expected);
}

describe('upload job against the Local sandbox', () => {
  it('sends small parts with single PUTs in parallel; the batch holds exactly the prepared records', async () => {
    const prepared = await writePrepared(h.dir, 'small', { parts: 4, rowsPerPart: 200 });
    const events: UploadProgress[] = [];
    const result = await startUpload(h.client, options(prepared.dir, { onProgress: (p) => events.push(p) })).done;
    await expectExactlyOnce(result, prepared.rows);
    expect(count('PUT ')).toBe(4);
    expect(count('PATCH ')).toBe(0);
    expect(count('POST /data/foundation/import/batches')).toBe(2); // create + COMPLETE
    const last = events[events.length - 1];
    expect(last).toMatchObject({
      phase: 'done',
      bytesSent: prepared.bytes,
      bytesTotal: prepared.bytes,
      partsDone: 4,
      recordsSent: prepared.rows,
      batchStatus: 'success',
    });
    const report = JSON.parse(await readFile(path.join(result.jobDir, `batch-${result.batchId}.json`), 'utf8')) as { status: string; recordsWritten: number };
    expect(report).toMatchObject({ status: 'success', recordsWritten: prepared.rows });
    const journal = await readJournal(path.join(result.jobDir, 'journal.jsonl'));
    expect(journal.map((r) => r.t)).toEqual(
      expect.arrayContaining(['run', 'batch-creating', 'batch-created', 'part-done', 'batch-completing', 'batch-completed', 'batch-final']),
    );
  });

  it('sends large parts in chunks (INITIALIZE, PATCH with Content-Range, COMPLETE)', async () => {
    const prepared = await writePrepared(h.dir, 'large', { parts: 2, rowsPerPart: 150, padding: 200 });
    const chunk = 8 * 1024;
    const result = await startUpload(h.client, options(prepared.dir, { singlePutMaxBytes: 16 * 1024, chunkBytes: chunk, concurrency: 3 })).done;
    await expectExactlyOnce(result, prepared.rows);
    const parts = (await readdir(prepared.dir)).filter((f) => f.startsWith('part-'));
    const sizes = await Promise.all(parts.map(async (f) => (await readFile(path.join(prepared.dir, f))).length));
    expect(count('PATCH ')).toBe(sizes.reduce((n, s) => n + Math.ceil(s / chunk), 0));
    expect(count('PUT ')).toBe(0);
    expect(h.requests.filter((r) => r.endsWith('?action=INITIALIZE'))).toHaveLength(2);
  });

  it('completes with the exact count through 429 with Retry-After, 5xx, dropped connections and token expiry', async () => {
    const prepared = await writePrepared(h.dir, 'faults', { parts: 3, rowsPerPart: 120, padding: 100 });
    const imp = '/data/foundation/import';
    h.sandbox.faults.configure({
      tokenLifetimeSeconds: 1,
      rules: [
        { path: `${imp}/batches`, method: 'POST', action: 'drop', times: 1 }, // the create's answer is lost
        { path: imp, method: 'PATCH', action: 'status', status: 429, retryAfterSeconds: 1, times: 2 },
        { path: imp, method: 'PATCH', action: 'drop', times: 2 },
        { path: imp, method: 'PUT', action: 'status', status: 503, times: 2 },
        { path: imp, method: 'PATCH', action: 'latency', latencyMs: 40 }, // long enough for tokens to expire mid-upload
        { path: '/data/foundation/catalog', method: 'GET', action: 'status', status: 500, times: 2 },
      ],
    });
    const started = Date.now();
    const client = await h.newClient();
    const result = await startUpload(client, options(prepared.dir, { singlePutMaxBytes: 20 * 1024, chunkBytes: 6 * 1024, concurrency: 2 })).done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the Retry-After was honoured
    h.sandbox.faults.clear();
    await expectExactlyOnce(result, prepared.rows);
    expect(h.requests.filter((r) => r === 'POST /ims/token/v3').length).toBeGreaterThanOrEqual(2); // a token was renewed
  });

  it('surfaces a failing batch: its errors and failed records, saved beside the job', async () => {
    const prepared = await writePrepared(h.dir, 'failing', { parts: 2, rowsPerPart: 50, badEvery: 10 });
    const result = await startUpload(h.client, options(prepared.dir)).done;
    expect(result.status).toBe('failed');
    expect(result.recordsWritten).toBe(0);
    expect(result.recordsFailed).toBe(10);
    const batch = result.batches[0];
    expect(batch?.errors.length).toBeGreaterThan(0);
    expect(batch?.failedFiles.length).toBeGreaterThan(0);
    const failed = (await Promise.all((batch?.failedFiles ?? []).map((f) => readFile(f, 'utf8')))).join('');
    expect(failed).toContain('_validationErrors');
    expect(failed.split('\n').filter((l) => l.trim() !== '')).toHaveLength(10);
    // Running it again reports the failure; it does not send the records a second time.
    const again = await startUpload(h.client, options(prepared.dir)).done;
    expect(again).toMatchObject({ reported: true, batchId: result.batchId, status: 'failed' });
  });

  it('splits the upload into several batches when one would exceed its limits', async () => {
    const prepared = await writePrepared(h.dir, 'split', { parts: 5, rowsPerPart: 30 });
    const notes: string[] = [];
    const result = await startUpload(h.client, options(prepared.dir, { maxFilesPerBatch: 2, onNote: (n) => notes.push(n) })).done;
    expect(result.batches).toHaveLength(3);
    expect(notes.join('\n')).toMatch(/split into 3 batches/);
    await expectExactlyOnce(result, prepared.rows);
    expect(result.batches.map((b) => b.recordsWritten)).toEqual([60, 60, 30]);
  });

  it('resumes after stops at random moments: confirmed chunks are not sent again, the count is exact', async () => {
    const prepared = await writePrepared(h.dir, 'resume', { parts: 3, rowsPerPart: 150, padding: 150 });
    const chunk = 6 * 1024;
    const totalChunks = (
      await Promise.all(
        (await readdir(prepared.dir)).filter((f) => f.startsWith('part-')).map(async (f) => (await readFile(path.join(prepared.dir, f))).length),
      )
    ).reduce((n, s) => n + Math.ceil(s / chunk), 0);
    // Each request takes a little while, so stops land inside chunks.
    h.sandbox.faults.add({ path: '/data/foundation/import', action: 'latency', latencyMs: 15 });
    const concurrency = 2;
    let stops = 0;
    let result: UploadResult | undefined;
    // A stop comes after this run has sent a few chunks, at a random moment after the last of
    // them: a stop timed from the run's start could land, on a loaded machine, before its first
    // chunk again and again (its setup alone outlasting the delay), and the test ran out of rounds.
    // The third chunk of a run starts only once one of the run's chunks came back (the pool holds
    // two), which is journaled before the run stops: each round gets further, so the rounds end.
    for (let round = 0; round <= totalChunks && !result; round += 1) {
      const controller = new AbortController();
      const after = concurrency + 1 + Math.floor(Math.random() * 3);
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      h.onRequest = (request) => {
        if (request.startsWith('PATCH ') && ++sent === after) timer = setTimeout(() => stopJob(controller, 'suspend'), Math.floor(Math.random() * 20));
      };
      try {
        result = await startUpload(h.client, options(prepared.dir, { singlePutMaxBytes: 10 * 1024, chunkBytes: chunk, concurrency, signal: controller.signal }))
          .done;
      } catch (error) {
        if (!(isAppError(error) && error.code === 'CANCELLED')) throw error;
        stops += 1;
      } finally {
        h.onRequest = undefined;
        clearTimeout(timer);
      }
    }
    expect(result).toBeDefined();
    expect(stops).toBeGreaterThan(0);
    await expectExactlyOnce(result as UploadResult, prepared.rows);
    expect(result?.batches).toHaveLength(1); // every stop resumed the same batch
    // At most the chunks in flight at each stop went twice.
    expect(count('PATCH ')).toBeGreaterThanOrEqual(totalChunks);
    expect(count('PATCH ')).toBeLessThanOrEqual(totalChunks + stops * concurrency);
  });

  it('cancel aborts the batch; running again sends a new batch, and only that one succeeds', async () => {
    const prepared = await writePrepared(h.dir, 'cancel', { parts: 2, rowsPerPart: 100, padding: 100 });
    h.sandbox.faults.add({ path: '/data/foundation/import', method: 'PATCH', action: 'latency', latencyMs: 30 });
    const controller = new AbortController();
    let firstBatch: string | undefined;
    const job = startUpload(
      h.client,
      options(prepared.dir, {
        singlePutMaxBytes: 8 * 1024,
        chunkBytes: 4 * 1024,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          firstBatch ??= p.batchIds[0];
          if (p.chunksDone >= 2) controller.abort();
        },
      }),
    ).done;
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(firstBatch).toBeDefined();
    expect((await getBatch(h.client, firstBatch as string)).status).toBe('aborted');
    h.sandbox.faults.clear();
    const result = await startUpload(h.client, options(prepared.dir, { singlePutMaxBytes: 8 * 1024, chunkBytes: 4 * 1024 })).done;
    expect(result.batchId).not.toBe(firstBatch);
    await expectExactlyOnce(result, prepared.rows);
  });

  it('reports a finished upload instead of sending it twice; `again` sends a new batch', async () => {
    const prepared = await writePrepared(h.dir, 'again', { parts: 1, rowsPerPart: 40 });
    const first = await startUpload(h.client, options(prepared.dir)).done;
    h.requests.length = 0;
    const second = await startUpload(h.client, options(prepared.dir)).done;
    expect(second).toMatchObject({ reported: true, batchId: first.batchId, status: 'success', recordsWritten: 40 });
    expect(count('PUT ')).toBe(0);
    expect(count('POST /data/foundation/import')).toBe(0);
    const third = await startUpload(h.client, options(prepared.dir, { again: true })).done;
    expect(third.reported).toBe(false);
    expect(third.batchId).not.toBe(first.batchId);
    expect(third.recordsWritten).toBe(40);
    const batches = await batchesOfJob(third);
    expect(batches.filter((b) => b.status === 'success')).toHaveLength(2);
  });

  it('uploads one JSON Lines XDM file without preparation', async () => {
    const file = path.join(h.dir, 'records.jsonl');
    await writeFile(file, `${Array.from({ length: 25 }, (_, i) => customerRecord(10_000 + i)).join('\n')}\n\n`);
    const result = await startUpload(h.client, options(file)).done;
    expect(result.recordsExpected).toBe(25);
    await expectExactlyOnce(result, 25);
    expect(h.requests.some((r) => r.endsWith('/files/records.json'))).toBe(true);
  });

  it('pause holds new transfers until resume', async () => {
    const prepared = await writePrepared(h.dir, 'pause', { parts: 1, rowsPerPart: 200, padding: 100 });
    h.sandbox.faults.add({ path: '/data/foundation/import', method: 'PATCH', action: 'latency', latencyMs: 20 });
    let chunks = 0;
    const job = startUpload(
      h.client,
      options(prepared.dir, { singlePutMaxBytes: 4 * 1024, chunkBytes: 2 * 1024, concurrency: 1, onProgress: (p) => (chunks = p.chunksDone) }),
    );
    while (chunks < 2) await new Promise((r) => setTimeout(r, 5));
    job.pause();
    await new Promise((r) => setTimeout(r, 150));
    const whilePaused = count('PATCH ');
    await new Promise((r) => setTimeout(r, 250));
    expect(count('PATCH ')).toBe(whilePaused);
    job.resume();
    await expectExactlyOnce(await job.done, prepared.rows);
    expect(count('PATCH ')).toBeGreaterThan(whilePaused);
  });

  it('pause before the batch exists: every progress event says paused until resume', async () => {
    const prepared = await writePrepared(h.dir, 'pause-early', { parts: 2, rowsPerPart: 30 });
    const events: UploadProgress[] = [];
    const job = startUpload(h.client, options(prepared.dir, { concurrency: 1, onProgress: (p) => events.push(p) }));
    // Before the job has even resolved its input: the pause lands before the batch is created.
    job.pause();
    // Creating the batch is not held by a pause; sending the parts is.
    const deadline = Date.now() + 20_000;
    while (count('POST /data/foundation/import/batches') === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.paused)).toBe(true);
    expect(count('PUT ')).toBe(0);
    const before = events.length;
    job.resume();
    await expectExactlyOnce(await job.done, prepared.rows);
    expect(events.slice(before).every((e) => !e.paused)).toBe(true);
  });

  it('refuses a preparation that did not complete', async () => {
    const prepared = await writePrepared(h.dir, 'cancelled-prepare', { parts: 1, rowsPerPart: 5 });
    const summaryFile = path.join(prepared.dir, 'summary.json');
    const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as Record<string, unknown>;
    await writeFile(summaryFile, JSON.stringify({ ...summary, status: 'cancelled', reason: 'stopped' }));
    await expect(startUpload(h.client, options(prepared.dir)).done).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
