import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { BatchSummary, PreflightReportShape, ProfileLookup, UploadResultShape } from '../../src-shared/ipc/requests/ingest';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { createTokenProvider } from '../../src-main/core/platform/ims-token';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { startUploadThread } from '../../src-main/ipc/jobs/upload-thread';
import { createRouter } from '../../src-main/ipc/router';
import { createDataset, createProfileSchema } from '../core/jobs/preflight/sandbox-fixture';
import { startUploadHarness, writePrepared, type UploadHarness } from '../core/jobs/upload/upload-harness';

/**
 * The ingest requests through the router against the embedded Local sandbox: an upload job with
 * its throttled progress and exact record count, cancel (the batch aborted), pause and resume,
 * the batches of a dataset, failed records, Profile lookups (403 explained), streaming, bad input.
 */
const ctx: RequestContext = { transport: 'websocket' };
let h: UploadHarness;
let home: string;
let jobsRoot: string;
let files: FileRegistry;
let jobs: JobRegistry;
let events: AppEvent[];
let router: ReturnType<typeof createRouter<RequestContext>>;

async function call(name: string, input: unknown) {
  return router.handle(name, input, ctx);
}
async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await call(name, input);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}
function eventsOf(jobId: string) {
  return events.filter((e) => 'jobId' in e && e.jobId === jobId);
}
async function until<T>(find: () => T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
function ended(jobId: string) {
  return until(() => eventsOf(jobId).find((e) => e.type === 'upload.finished' || e.type === 'upload.failed'));
}

beforeAll(async () => {
  h = await startUploadHarness();
  home = path.join(h.dir, 'home');
  jobsRoot = path.join(home, 'jobs');
  await mkdir(jobsRoot, { recursive: true });
  files = new FileRegistry();
  events = [];
  jobs = new JobRegistry({ emit: (event) => events.push(event) });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 20_000 },
    localSandbox: () => h.sandbox,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: home });
  router = createRouter(
    createHandlers({ files, info, connections, jobs, dataDir: home, uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, singlePutMaxBytes: 8 * 1024 } }),
    { logError: () => undefined },
  );
}, 60_000);

afterAll(async () => {
  await jobs.cancelAll();
  await h.close();
});

beforeEach(() => {
  h.sandbox.faults.clear();
});

describe('jobs.upload', () => {
  let first: { jobId: string; result: UploadResultShape };

  it('returns a job id at once, emits throttled progress, then finished with the exact record count', async () => {
    // Parts above the single-PUT limit go through the chunked large-file path.
    const prepared = await writePrepared(jobsRoot, 'prepared-a', { parts: 3, rowsPerPart: 200 });
    const started = Date.now();
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId, chunkSizeMb: 0.01 });
    expect(jobId).toMatch(/^j_/);
    expect(Date.now() - started).toBeLessThan(2_000);
    const end = await ended(jobId);
    if (end.type !== 'upload.finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsExpected: prepared.rows, recordsWritten: prepared.rows, recordsFailed: 0, reported: false });

    const progress = eventsOf(jobId).filter((e) => e.type === 'upload.progress');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ bytesSent: prepared.bytes, bytesTotal: prepared.bytes, recordsSent: prepared.rows, partsDone: 3, partsTotal: 3, batchIds: [end.result.batchId] });
    if (last?.type === 'upload.progress') expect(last.chunksTotal).toBeGreaterThan(3);
    // Throttled: far fewer reports than the chunks confirmed (each chunk is a report in core).
    if (last?.type === 'upload.progress') expect(progress.length).toBeLessThan(last.chunksTotal);
    expect(progress.map((p) => (p.type === 'upload.progress' ? p.phase : ''))).toContain('polling');
    // The finished event comes last.
    expect(eventsOf(jobId).at(-1)?.type).toBe('upload.finished');
    first = { jobId, result: end.result };
  });

  it('reports a batch that already succeeded instead of sending it again; `again` sends a new one', async () => {
    const prepared = path.join(jobsRoot, 'prepared-a');
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared }, datasetId: h.datasetId });
    const end = await ended(jobId);
    expect(end).toMatchObject({ type: 'upload.finished', result: { reported: true, batchId: first.result.batchId, recordsWritten: 600 } });
    expect(eventsOf(jobId).some((e) => e.type === 'upload.status' && /already finished/.test(e.note ?? ''))).toBe(true);
    const again = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared }, datasetId: h.datasetId, again: true });
    const second = await ended(again.jobId);
    expect(second).toMatchObject({ type: 'upload.finished', result: { reported: false, status: 'success', recordsWritten: 600 } });
    if (second.type === 'upload.finished') expect(second.result.batchId).not.toBe(first.result.batchId);
  });

  it('lists the batch in batches.list, merged with its local job, and gets it alone', async () => {
    const list = await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId });
    const mine = list.find((b) => b.batchId === first.result.batchId);
    expect(mine).toMatchObject({ status: 'success', recordsWritten: 600, recordsFailed: 0, source: 'both', datasetId: h.datasetId, job: { recordsExpected: 600 } });
    expect(mine?.created).toEqual(expect.any(Number));
    const one = await value<BatchSummary>('batches.get', { batchId: first.result.batchId });
    expect(one).toMatchObject({ batchId: first.result.batchId, status: 'success', recordsWritten: 600, source: 'both' });
  });

  it('cancels an upload: failed with CANCELLED and its batch aborted', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-cancel', { parts: 10, rowsPerPart: 20, firstId: 10_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId, concurrency: 1 });
    // Paused at once, it creates its batch and sends nothing: a deterministic moment to cancel.
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: true });
    // The journal says when the batch exists (batches.list reads it beside Catalog).
    let batchId: string | undefined;
    for (const deadline = Date.now() + 20_000; batchId === undefined && Date.now() < deadline; ) {
      const list = await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId });
      batchId = list.find((b) => b.job?.input === prepared.dir)?.batchId;
      if (batchId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(batchId).toBeDefined();
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'loading' });
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    const end = await ended(jobId);
    expect(end).toMatchObject({ type: 'upload.failed', error: { code: 'CANCELLED' } });
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'aborted' });
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: false });
  });

  it('pauses and resumes: nothing finishes while paused, then the exact count arrives', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-pause', { parts: 8, rowsPerPart: 25, firstId: 20_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId, concurrency: 1 });
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: true });
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: false });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const during = eventsOf(jobId);
    expect(during.some((e) => e.type === 'upload.finished' || e.type === 'upload.failed')).toBe(false);
    const sent = during.filter((e) => e.type === 'upload.progress').map((e) => (e.type === 'upload.progress' ? e.partsDone : 0));
    expect(Math.max(0, ...sent)).toBeLessThan(8);
    expect(during.some((e) => e.type === 'upload.status' && e.state === 'paused')).toBe(true);
    expect(await value('jobs.resume', { jobId })).toEqual({ jobId, resumed: true });
    const end = await ended(jobId);
    expect(end).toMatchObject({ type: 'upload.finished', result: { status: 'success', recordsWritten: prepared.rows, recordsFailed: 0 } });
    expect(await value('jobs.resume', { jobId })).toEqual({ jobId, resumed: false });
  });

  it('suspends uploads at shutdown (batch kept), and the same upload resumes it to the exact count', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-suspend', { parts: 6, rowsPerPart: 10, firstId: 40_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId, concurrency: 1 });
    await value('jobs.pause', { jobId });
    let batchId: string | undefined;
    for (const deadline = Date.now() + 20_000; batchId === undefined && Date.now() < deadline; ) {
      batchId = (await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId })).find((b) => b.job?.input === prepared.dir)?.batchId;
      if (batchId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await jobs.cancelAll();
    expect(await ended(jobId)).toMatchObject({ type: 'upload.failed', error: { code: 'CANCELLED', message: expect.stringMatching(/resume/) } });
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'loading' });
    const again = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId });
    expect(await ended(again.jobId)).toMatchObject({ type: 'upload.finished', result: { resumed: true, batchId, status: 'success', recordsWritten: prepared.rows } });
  });

  it('uploads a registered XDM file and surfaces failed records', async () => {
    const file = path.join(h.dir, 'with-bad.json');
    const good = (i: number) => JSON.stringify({ personalEmail: { address: `file${i}@example.com` }, person: { name: { firstName: `F${i}` } } });
    await writeFile(file, `${[good(1), good(2), JSON.stringify({ personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' } }), good(3)].join('\n')}\n`);
    const { fileRef } = await files.register(file);
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'file', fileRef }, datasetId: h.datasetId });
    const end = await ended(jobId);
    if (end.type !== 'upload.finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    // The Local sandbox fails a batch with an invalid record as a whole (no partial ingestion).
    expect(end.result).toMatchObject({ recordsExpected: 4, recordsFailed: 1 });
    expect(end.result.status).not.toBe('success');
    const failed = await value<{ dir: string; files: string[]; rows: unknown[]; truncated: boolean }>('batches.failedRecords', { batchId: end.result.batchId, limit: 10 });
    expect(failed.files.length).toBeGreaterThan(0);
    expect(failed.dir.startsWith(end.result.jobDir)).toBe(true);
    expect(failed.rows).toHaveLength(1);
    expect(JSON.stringify(failed.rows[0])).toContain('bad@example.com');
    expect(failed.truncated).toBe(false);
  });
});

describe('entities.lookup', () => {
  it('finds an identity the upload ingested', async () => {
    const found = await value<ProfileLookup>('entities.lookup', { namespace: 'Email', id: 'customer1@example.com' });
    expect(found.status).toBe('found');
    expect(found.profile?.sources).toContain(h.datasetId);
    expect(found.profile?.attributes).toMatchObject({ person: { name: { firstName: 'First1' } } });
  });

  it('says not found with what to check', async () => {
    const missing = await value<ProfileLookup>('entities.lookup', { namespace: 'Email', id: 'nobody@example.com' });
    expect(missing).toMatchObject({ status: 'not-found', explanation: expect.stringMatching(/enabled for Profile/) });
  });

  it('explains a 403 as a missing entitlement, not as "not found"', async () => {
    h.sandbox.faults.configure({ profileEntitlement: false });
    const refused = await value<ProfileLookup>('entities.lookup', { namespace: 'Email', id: 'customer1@example.com' });
    expect(refused.status).toBe('forbidden');
    expect(refused.explanation).toMatch(/entitle/);
    expect(refused.explanation).toMatch(/Real-Time CDP Ultimate/);
    expect(refused.profile).toBeUndefined();
  });
});

describe('streaming.send', () => {
  it('sends a small set with per-record results', async () => {
    const file = path.join(h.dir, 'stream.json');
    const record = (i: number) => ({ personalEmail: { address: `stream${i}@example.com` }, person: { name: { firstName: `S${i}` } } });
    await writeFile(file, `${[record(1), { personalEmail: { address: 'sbad@example.com' }, person: { birthDate: 'not a date' } }, record(2)].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const { fileRef } = await files.register(file);
    const report = await value<{ total: number; accepted: number; rejected: number; results: Array<{ index: number; status: string; violations?: Array<{ pointer?: string }> }> }>(
      'streaming.send',
      { source: { kind: 'file', fileRef }, datasetId: h.datasetId },
    );
    expect(report).toMatchObject({ total: 3, accepted: 2, rejected: 1 });
    expect(report.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(report.results[1]?.violations?.some((v) => v.pointer === '#/person/birthDate')).toBe(true);
  });

  it('refuses a set larger than maxRecords before sending anything', async () => {
    const { fileRef } = await files.register(path.join(jobsRoot, 'prepared-a', 'part-00001.json'));
    const reply = await call('streaming.send', { source: { kind: 'file', fileRef }, datasetId: h.datasetId, maxRecords: 5 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('jobs.preflight and jobs.preflightFix', () => {
  const failedCodes = (r: PreflightReportShape) => r.checks.filter((c) => c.status === 'failed').map((c) => c.code);

  it('passes the seeded dataset with a prepared folder, and reports a missing dataset', async () => {
    const report = await value<PreflightReportShape>('jobs.preflight', { datasetId: h.datasetId, source: { kind: 'folder', path: path.join(jobsRoot, 'prepared-a') }, profile: true, sampleSize: 50 });
    expect(failedCodes(report)).toEqual([]);
    expect(report).toMatchObject({ ok: true, recordsChecked: 50 });
    const missing = await value<PreflightReportShape>('jobs.preflight', { datasetId: '000000000000000000000000', profile: true });
    expect(missing.ok).toBe(false);
    expect(failedCodes(missing)).toEqual(['DATASET_NOT_FOUND']);
  });

  it('offers fixes that say they cannot be undone, applies them only when confirmed, and then passes', async () => {
    const schemaId = await createProfileSchema(h.client, 'IPC preflight customers');
    const datasetId = await createDataset(h.client, { name: 'IPC preflight', schemaId });
    const before = await value<PreflightReportShape>('jobs.preflight', { datasetId, schemaId, profile: true });
    expect(failedCodes(before)).toEqual(expect.arrayContaining(['SCHEMA_NOT_UNION', 'DATASET_NOT_PROFILE']));
    expect(before.checks.find((c) => c.code === 'SCHEMA_NOT_UNION')?.fix).toMatchObject({ id: 'enable-schema-for-profile', irreversible: true });

    expect(await call('jobs.preflightFix', { fix: 'enable-dataset-for-profile', datasetId })).toMatchObject({ ok: false, error: { where: { field: 'confirmed' } } });
    expect(await call('jobs.preflightFix', { fix: 'enable-schema-for-profile', datasetId, confirmed: true })).toMatchObject({ ok: false, error: { where: { field: 'schemaId' } } });
    const applied = await value<{ consequence: string }>('jobs.preflightFix', { fix: 'enable-dataset-for-profile', datasetId, confirmed: true });
    expect(applied.consequence).toEqual(expect.any(String));
    const union = await value<{ irreversible: boolean; consequence: string }>('jobs.preflightFix', { fix: 'enable-schema-for-profile', datasetId, schemaId, confirmed: true });
    expect(union).toMatchObject({ irreversible: true, consequence: expect.stringMatching(/cannot be undone/) });
    const after = await value<PreflightReportShape>('jobs.preflight', { datasetId, schemaId, profile: false });
    expect(after.ok).toBe(true);
    const profileAfter = await value<PreflightReportShape>('jobs.preflight', { datasetId, schemaId, profile: true });
    expect(failedCodes(profileAfter)).not.toContain('SCHEMA_NOT_UNION');
    expect(failedCodes(profileAfter)).not.toContain('DATASET_NOT_PROFILE');
  });
});

describe('bad input', () => {
  it('is refused with the field path', async () => {
    const folder = { kind: 'folder', path: path.join(jobsRoot, 'prepared-a') };
    expect(await call('jobs.upload', { source: folder })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'datasetId' } } });
    expect(await call('jobs.upload', { source: folder, datasetId: 'd', concurrency: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'concurrency' } } });
    expect(await call('jobs.upload', { source: folder, datasetId: 'd', chunkSizeMb: 1000 })).toMatchObject({ ok: false, error: { where: { field: 'chunkSizeMb' } } });
    expect(await call('jobs.upload', { source: { kind: 'job', jobId: 'nope' }, datasetId: 'd' })).toMatchObject({ ok: false, error: { where: { field: 'source.jobId' } } });
    expect(await call('jobs.upload', { source: { kind: 'folder', path: '/etc' }, datasetId: 'd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'source.path' } } });
    expect(await call('jobs.upload', { source: folder, datasetId: 'd', extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('jobs.pause', { jobId: 'j_unknown0000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: { field: 'jobId' } } });
    expect(await call('entities.lookup', { namespace: '', id: 'x' })).toMatchObject({ ok: false, error: { where: { field: 'namespace' } } });
    expect(await call('batches.failedRecords', { batchId: 'b', limit: 5000 })).toMatchObject({ ok: false, error: { where: { field: 'limit' } } });
    expect(await call('streaming.send', { source: { kind: 'file', fileRef: 'f_unknown0000000' }, datasetId: 'd', validation: 'maybe' })).toMatchObject({
      ok: false,
      error: { where: { field: 'validation' } },
    });
  });

  it('refuses an upload into a dataset that does not exist, as a failed job', async () => {
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { source: { kind: 'folder', path: path.join(jobsRoot, 'prepared-pause') }, datasetId: 'no-such-dataset' });
    const end = await ended(jobId);
    expect(end.type).toBe('upload.failed');
  });
});

describe('the upload worker thread', () => {
  it('runs the upload job in another thread, getting tokens from this one, with the exact count', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-thread', { parts: 2, rowsPerPart: 30, firstId: 30_000 });
    const tokens = createTokenProvider({ logger: silentLogger });
    let asked = 0;
    const counting = { ...tokens, token: (...args: Parameters<typeof tokens.token>) => ((asked += 1), tokens.token(...args)) };
    const job = startUploadThread(h.client, counting, {
      input: prepared.dir,
      datasetId: h.datasetId,
      jobsDir: jobsRoot,
      targetKey: 'thread-test',
      pollInitialMs: 50,
    });
    const thread = await job.threadId;
    expect(thread).not.toBe(mainThreadId);
    const result = await job.done;
    expect(result).toMatchObject({ status: 'success', recordsExpected: 60, recordsWritten: 60, recordsFailed: 0 });
    expect(asked).toBeGreaterThan(0);
  });

  it('carries an error across the thread with its code', async () => {
    const job = startUploadThread(h.client, createTokenProvider({ logger: silentLogger }), { input: path.join(h.dir, 'missing'), datasetId: h.datasetId, jobsDir: jobsRoot, targetKey: 't' });
    await expect(job.done).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
