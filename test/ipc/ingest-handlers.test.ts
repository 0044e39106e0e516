import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { StreamJobEvent, UploadJobEvent } from '../../src-shared/ipc/job-events';
import { UploadResultShape, type ConfirmReportShape, type PreflightReportShape } from '../../src-shared/ipc/requests/jobs';
import { type BatchSummary } from '../../src-shared/ipc/requests/batches';
import { type LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { type ProfileLookup } from '../../src-shared/ipc/requests/entities';
import { stopJob } from '../../src-main/core/jobs/job-stop';
import { LOCK_FILE, startUpload, targetKeyOf } from '../../src-main/core/jobs/upload/index';
import { tryLockInChild } from '../core/jobs/upload/lock-holder';
import { getBatch, getDataset } from '../../src-main/core/platform/catalog';
import type { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { createTokenProvider } from '../../src-main/core/platform/ims-token';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createAppSettingsStore } from '../../src-main/core/settings/app-settings-store';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { newJobId, type JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { startStreamThread } from '../../src-main/ipc/jobs/stream-thread';
import { startUploadThread } from '../../src-main/ipc/jobs/upload-thread';
import { createRouter } from '../../src-main/ipc/router';
import { startSandboxHandlers, until } from './sandbox-handlers';
import { createDataset, createProfileSchema } from '../core/jobs/preflight/sandbox-fixture';
import { datasetBatches, journalOf, writeParquetCustomers, writePrepared, type UploadHarness } from '../core/jobs/upload/upload-harness';

/**
 * The ingest requests through the router against the embedded Local sandbox: an upload job with
 * its throttled progress and exact record count, cancel (the batch aborted), pause and resume,
 * the batches of a dataset, failed records, Profile lookups (403 explained), the streaming job
 * (progress, results with their records, cancel midway), bad input, and both worker threads.
 */
const ctx: RequestContext = { transport: 'websocket' };
let h: UploadHarness;
let jobsRoot: string;
let files: FileRegistry;
let jobs: JobRegistry;
let events: AppEvent[];
/** When each event was emitted (throttling is a statement about time). */
const emittedAt = new WeakMap<AppEvent, number>();
let router: ReturnType<typeof createRouter<RequestContext>>;

async function call(name: string, input: unknown) {
  return router.handle(name, input, ctx);
}
async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await call(name, input);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}
/** An upload's events, in order. */
function eventsOf(jobId: string): UploadJobEvent[] {
  return events.filter((e): e is UploadJobEvent => e.type === 'job' && e.kind === 'upload' && e.jobId === jobId);
}
function ended(jobId: string) {
  return until(() => eventsOf(jobId).find((e) => e.phase === 'finished' || e.phase === 'failed'));
}

beforeAll(async () => {
  events = [];
  ({ h, jobsRoot, files, jobs, router } = await startSandboxHandlers({
    emit: (event) => {
      emittedAt.set(event, Date.now());
      events.push(event);
    },
    retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 20_000 },
    // No wait in confirmation: the Local sandbox applies a batch to Profile before it reports success.
    uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, singlePutMaxBytes: 8 * 1024, confirm: { waitMs: 0 } },
  }));
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
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
      chunkSizeMb: 0.01,
    });
    expect(jobId).toMatch(/^j_/);
    expect(Date.now() - started).toBeLessThan(2_000);
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsExpected: prepared.rows, recordsWritten: prepared.rows, recordsFailed: 0, reported: false });
    // Confirmed in Profile: ten sampled identities, each found in a profile fed by this dataset.
    expect(end.result.confirmation).toMatchObject({ status: 'confirmed', found: 10, missing: 0, rounds: 1 });
    expect(end.result.confirmation?.identities.every((i) => i.found === true && i.sources?.includes(h.datasetId))).toBe(true);

    const progress = eventsOf(jobId).filter((e) => e.phase === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress[progress.length - 1];
    expect(last?.phase === 'progress' ? last.progress : last).toMatchObject({
      bytesSent: prepared.bytes,
      bytesTotal: prepared.bytes,
      recordsSent: prepared.rows,
      partsDone: 3,
      partsTotal: 3,
      batchIds: [end.result.batchId],
    });
    if (last?.phase === 'progress') expect(last.progress.chunksTotal).toBeGreaterThan(3);
    // Throttled to about ten a second: reports at least 100 ms apart, but the last (sent when the job ends).
    // (Counting them against the chunks would depend on the machine's speed; the spacing does not.)
    const times = progress.map((e) => emittedAt.get(e) as number);
    const gaps = times.slice(1, -1).map((t, i) => t - (times[i] as number));
    expect(gaps.every((gap) => gap >= 99)).toBe(true);
    expect(progress.map((p) => (p.phase === 'progress' ? p.progress.phase : ''))).toContain('polling');
    // The finished event comes last.
    expect(eventsOf(jobId).at(-1)?.phase).toBe('finished');
    first = { jobId, result: end.result };
  });

  it('reports a batch that already succeeded instead of sending it again; `again` sends a new one', async () => {
    const prepared = path.join(jobsRoot, 'prepared-a');
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source: { kind: 'folder', path: prepared }, datasetId: h.datasetId });
    const end = await ended(jobId);
    expect(end).toMatchObject({ phase: 'finished', result: { reported: true, batchId: first.result.batchId, recordsWritten: 600 } });
    expect(eventsOf(jobId).some((e) => e.phase === 'status' && /already finished/.test(e.note ?? ''))).toBe(true);
    const again = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared },
      datasetId: h.datasetId,
      again: true,
    });
    const second = await ended(again.jobId);
    expect(second).toMatchObject({ phase: 'finished', result: { reported: false, status: 'success', recordsWritten: 600 } });
    if (second.phase === 'finished') expect(second.result.batchId).not.toBe(first.result.batchId);
  });

  it('lists the batch in batches.list, merged with its local job, and gets it alone', async () => {
    const list = await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId });
    const mine = list.find((b) => b.batchId === first.result.batchId);
    expect(mine).toMatchObject({
      status: 'success',
      recordsWritten: 600,
      recordsFailed: 0,
      source: 'both',
      datasetId: h.datasetId,
      job: { recordsExpected: 600 },
    });
    expect(mine?.created).toEqual(expect.any(Number));
    const one = await value<BatchSummary>('batches.get', { batchId: first.result.batchId });
    expect(one).toMatchObject({ batchId: first.result.batchId, status: 'success', recordsWritten: 600, source: 'both' });
  });

  it('cancels an upload: failed with CANCELLED and its batch aborted', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-cancel', { parts: 10, rowsPerPart: 20, firstId: 10_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
      concurrency: 1,
    });
    // Paused at once, it creates its batch and sends nothing: a deterministic moment to cancel.
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: true });
    // The journal says when the batch exists (batches.list reads it beside Catalog).
    let batchId: string | undefined;
    for (const deadline = Date.now() + 20_000; batchId === undefined && Date.now() < deadline;) {
      const list = await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId });
      batchId = list.find((b) => b.job?.input === prepared.dir)?.batchId;
      if (batchId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(batchId).toBeDefined();
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'loading' });
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    const end = await ended(jobId);
    expect(end).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED' } });
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'aborted' });
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: false });
  });

  it('pauses and resumes: nothing finishes while paused, then the exact count arrives', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-pause', { parts: 8, rowsPerPart: 25, firstId: 20_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
      concurrency: 1,
    });
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: true });
    expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: false });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const during = eventsOf(jobId);
    expect(during.some((e) => e.phase === 'finished' || e.phase === 'failed')).toBe(false);
    const sent = during.filter((e) => e.phase === 'progress').map((e) => (e.phase === 'progress' ? e.progress.partsDone : 0));
    expect(Math.max(0, ...sent)).toBeLessThan(8);
    expect(during.some((e) => e.phase === 'status' && e.state === 'paused')).toBe(true);
    expect(await value('jobs.resume', { jobId })).toEqual({ jobId, resumed: true });
    const end = await ended(jobId);
    expect(end).toMatchObject({ phase: 'finished', result: { status: 'success', recordsWritten: prepared.rows, recordsFailed: 0 } });
    expect(await value('jobs.resume', { jobId })).toEqual({ jobId, resumed: false });
  });

  it('suspends uploads at shutdown (batch kept), and the same upload resumes it to the exact count', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-suspend', { parts: 6, rowsPerPart: 10, firstId: 40_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
      concurrency: 1,
    });
    await value('jobs.pause', { jobId });
    let batchId: string | undefined;
    for (const deadline = Date.now() + 20_000; batchId === undefined && Date.now() < deadline;) {
      batchId = (await value<BatchSummary[]>('batches.list', { datasetId: h.datasetId })).find((b) => b.job?.input === prepared.dir)?.batchId;
      if (batchId === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await jobs.cancelAll();
    expect(await ended(jobId)).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED', message: expect.stringMatching(/resume/) } });
    expect(await value<BatchSummary>('batches.get', { batchId })).toMatchObject({ status: 'loading' });
    const again = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source: { kind: 'folder', path: prepared.dir }, datasetId: h.datasetId });
    expect(await ended(again.jobId)).toMatchObject({ phase: 'finished', result: { resumed: true, batchId, status: 'success', recordsWritten: prepared.rows } });
  });

  it('uploads a registered Parquet XDM file as one parquet batch with the exact count', async () => {
    const file = path.join(h.dir, 'customers-xdm.parquet');
    await writeParquetCustomers(file, 37, 80_000);
    const { fileRef } = await files.register(file);
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId: h.datasetId });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({
      status: 'success',
      recordsExpected: 37,
      recordsWritten: 37,
      recordsFailed: 0,
      confirmation: { status: 'confirmed', found: 10 },
    });
    expect(end.result.batches).toHaveLength(1);
    const batch = await getBatch(h.client, end.result.batchId);
    expect(batch.inputFormat?.format).toBe('parquet');
    expect(batch.metrics).toMatchObject({ inputFileCount: 1, inputRecordCount: 37, outputRecordCount: 37 });
  });

  it('uploads a registered XDM file and surfaces failed records', async () => {
    const file = path.join(h.dir, 'with-bad.json');
    const good = (i: number) => JSON.stringify({ personalEmail: { address: `file${i}@example.com` }, person: { name: { firstName: `F${i}` } } });
    await writeFile(
      file,
      `${[good(1), good(2), JSON.stringify({ personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' } }), good(3)].join('\n')}\n`,
    );
    const { fileRef } = await files.register(file);
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId: h.datasetId });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    // The Local sandbox fails a batch with an invalid record as a whole (no partial ingestion).
    expect(end.result).toMatchObject({ recordsExpected: 4, recordsFailed: 1 });
    expect(end.result.status).not.toBe('success');
    const failed = await value<{ dir: string; files: string[]; rows: unknown[]; truncated: boolean }>('batches.failedRecords', {
      batchId: end.result.batchId,
      limit: 10,
    });
    expect(failed.files.length).toBeGreaterThan(0);
    expect(failed.dir.startsWith(end.result.jobDir)).toBe(true);
    expect(failed.rows).toHaveLength(1);
    expect(JSON.stringify(failed.rows[0])).toContain('bad@example.com');
    expect(failed.truncated).toBe(false);
  });
});

describe('batches.failedRecords', () => {
  it('gives only the first `limit` failed records of a batch with more, and says it is truncated', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-many-bad', { parts: 2, rowsPerPart: 20, badEvery: 2, firstId: 90_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
    });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'failed', recordsFailed: 20 });
    // No confirmation after a failed load.
    expect(end.result.confirmation).toBeUndefined();
    type Failed = { files: string[]; rows: Array<{ personalEmail?: { address?: string }; _validationErrors?: unknown[] }>; truncated: boolean };
    // The job saved the failed records beside it; batches.failedRecords reads those, not a new download.
    const saved = end.result.batches[0]?.failedFiles ?? [];
    expect(saved.length).toBeGreaterThan(0);
    const written = await Promise.all(saved.map(async (f) => (await stat(f)).mtimeMs));
    const few = await value<Failed>('batches.failedRecords', { batchId: end.result.batchId, limit: 7 });
    expect(few.files).toEqual(saved);
    expect(await Promise.all(few.files.map(async (f) => (await stat(f)).mtimeMs))).toEqual(written);
    expect(few.truncated).toBe(true);
    expect(few.rows).toHaveLength(7);
    expect(few.rows.every((r) => /^customer9\d{4}@example\.com$/.test(r.personalEmail?.address ?? '') && (r._validationErrors?.length ?? 0) > 0)).toBe(true);
    expect(await value<Failed>('batches.failedRecords', { batchId: end.result.batchId, limit: 20 })).toMatchObject({
      truncated: false,
      rows: expect.any(Array),
    });
    const all = await value<Failed>('batches.failedRecords', { batchId: end.result.batchId, limit: 1000 });
    expect(all.rows).toHaveLength(20);
    expect(all.rows.slice(0, 7)).toEqual(few.rows);
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
  const streamEvents = (jobId: string) => events.filter((e): e is StreamJobEvent => e.type === 'job' && e.kind === 'stream' && e.jobId === jobId);
  /** The progress payloads of a run, in order. */
  const streamProgress = (jobId: string) => streamEvents(jobId).flatMap((e) => (e.phase === 'progress' ? [e.progress] : []));
  const streamEnded = (jobId: string) => until(() => streamEvents(jobId).find((e) => e.phase === 'finished' || e.phase === 'failed'));
  const record = (i: number) => ({ personalEmail: { address: `stream${i}@example.com` }, person: { name: { firstName: `S${i}` } } });
  const badRecord = { personalEmail: { address: 'sbad@example.com' }, person: { birthDate: 'not a date' } };

  async function registerRecords(name: string, records: readonly Record<string, unknown>[]): Promise<string> {
    const file = path.join(h.dir, name);
    await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    return (await files.register(file)).fileRef;
  }

  /** Records the sandbox holds in a dataset: its streaming batch's output count. */
  async function heldIn(datasetId: string): Promise<number> {
    return (await datasetBatches(h.client, datasetId)).reduce((n, b) => n + b.records, 0);
  }

  it('returns a job id at once, reports each result once in its progress events, then the exact report', async () => {
    const fileRef = await registerRecords('stream.json', [record(1), badRecord, record(2)]);
    const { jobId } = await value<{ jobId: string }>('streaming.send', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId: h.datasetId });
    expect(jobId).toMatch(/^j_/);
    const end = await streamEnded(jobId);
    if (end.phase !== 'finished') throw new Error(`stream failed: ${JSON.stringify(end)}`);
    expect(end.report).toMatchObject({ datasetId: h.datasetId, validation: 'sync', total: 3, accepted: 2, received: 0, rejected: 1, requests: 3 });
    expect(end.report.results.map((r) => [r.index, r.status])).toEqual([
      [1, 'accepted'],
      [2, 'rejected'],
      [3, 'accepted'],
    ]);
    expect(end.report.results[1]?.violations?.some((v) => v.pointer === '#/person/birthDate')).toBe(true);

    const progress = streamProgress(jobId);
    expect(progress.length).toBeGreaterThan(0);
    // Every result arrives exactly once across the events, and the last event has the final counts.
    expect(progress.flatMap((e) => e.results.map((r) => r.index))).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toMatchObject({ sent: 3, total: 3, accepted: 2, received: 0, rejected: 1 });
    const counts = progress.map((e) => e.sent);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(streamEvents(jobId).at(-1)).toBe(end);
  });

  it('journals each run: uploads.list shows it beside the batches, and preflight warns of records sent before, either way', async () => {
    const fileRef = await registerRecords('stream-history.json', [record(11), badRecord]);
    const source = { kind: 'file', fileRef } as const;
    const sentBefore = (r: PreflightReportShape) => r.checks.find((c) => c.id === 'sent-before');
    const before = await value<PreflightReportShape>('jobs.preflight', { datasetId: h.datasetId, source, sampleSize: 10 });
    expect(sentBefore(before)).toBeUndefined();

    const { jobId } = await value<{ jobId: string }>('streaming.send', { jobId: newJobId(), source, datasetId: h.datasetId });
    expect((await streamEnded(jobId)).phase).toBe('finished');
    const listed = await value<LocalUploadShape[]>('uploads.list', {});
    // One record taken, one rejected: the run went in (a stream is not a batch that fails as a whole).
    expect(listed.find((u) => u.mode === 'stream' && u.label === 'stream-history.json')).toMatchObject({
      state: 'succeeded',
      format: 'json',
      datasetId: h.datasetId,
      connectionId: 'local',
      recordsExpected: 2,
      batches: [],
      stream: { validation: 'sync', accepted: 1, received: 0, rejected: 1, unanswered: 0 },
    });
    // Newest first, streams and batches in one list.
    expect(listed.map((u) => u.startedAt)).toEqual(
      listed
        .map((u) => u.startedAt)
        .sort()
        .reverse(),
    );
    expect(listed.some((u) => u.mode === 'batch')).toBe(true);

    // A batch of the records just streamed is warned before it starts; the warning does not fail preflight.
    const after = await value<PreflightReportShape>('jobs.preflight', { datasetId: h.datasetId, source, sampleSize: 10 });
    expect(sentBefore(after)).toMatchObject({
      status: 'warning',
      code: 'SENT_BEFORE',
      message: expect.stringMatching(
        /^These records were already streamed on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(1 record taken\) into this dataset\. Sending them again/,
      ),
    });
    expect(after.ok).toBe(before.ok);
    // Another dataset: nothing was sent there.
    const elsewhere = await createDataset(h.client, {
      name: 'IPC stream history elsewhere',
      schemaId: (await getDataset(h.client, h.datasetId)).schemaRef?.id ?? '',
    });
    expect(sentBefore(await value<PreflightReportShape>('jobs.preflight', { datasetId: elsewhere, source, sampleSize: 10 }))).toBeUndefined();

    // The reverse: streaming the records a batch already loaded (the folder the upload tests sent).
    const loaded = await value<PreflightReportShape>('jobs.preflight', {
      datasetId: h.datasetId,
      source: { kind: 'folder', path: path.join(jobsRoot, 'prepared-a') },
      sampleSize: 10,
    });
    expect(sentBefore(loaded)?.message).toMatch(/^These records were already uploaded in a batch on .* \(600 records taken\)/);
  });

  it('gives each rejected result its record as it was sent, and no record to an accepted one', async () => {
    const fileRef = await registerRecords('stream-rejects.json', [record(3), badRecord]);
    const { jobId } = await value<{ jobId: string }>('streaming.send', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId: h.datasetId });
    const end = await streamEnded(jobId);
    if (end.phase !== 'finished') throw new Error(`stream failed: ${JSON.stringify(end)}`);
    expect(end.report.results[1]).toMatchObject({ status: 'rejected', record: badRecord });
    expect(end.report.results[0]?.record).toBeUndefined();
    const carried = streamProgress(jobId).flatMap((p) => p.results);
    expect(carried.find((r) => r.index === 2)?.record).toEqual(badRecord);
  });

  it('refuses a set larger than maxRecords before sending anything', async () => {
    const datasetId = await createDataset(h.client, { name: 'IPC stream too many', schemaId: (await getDataset(h.client, h.datasetId)).schemaRef?.id ?? '' });
    const fileRef = await registerRecords(
      'stream-six.json',
      Array.from({ length: 6 }, (_, i) => record(200 + i)),
    );
    const { jobId } = await value<{ jobId: string }>('streaming.send', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId, maxRecords: 5 });
    const end = await streamEnded(jobId);
    expect(end).toMatchObject({ phase: 'failed', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/More than 5 records/) }, sent: 0 });
    expect(await heldIn(datasetId)).toBe(0);
  });

  it('cancels between requests: the failure names the count sent, and the sandbox holds exactly that many', async () => {
    const schemaId = (await getDataset(h.client, h.datasetId)).schemaRef?.id ?? '';
    const datasetId = await createDataset(h.client, { name: 'IPC stream cancel', schemaId });
    const total = 40;
    const fileRef = await registerRecords(
      'stream-cancel.json',
      Array.from({ length: total }, (_, i) => record(100 + i)),
    );
    // Each streaming request takes 150 ms (the sandbox's latency switch), so the run is cut midway.
    const rule = await fetch(`${h.sandbox.url}/_sandbox/faults/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'latency', path: '/collection/', latencyMs: 150 }),
    });
    expect(rule.status).toBe(201);
    const { jobId } = await value<{ jobId: string }>('streaming.send', { jobId: newJobId(), source: { kind: 'file', fileRef }, datasetId });
    await until(() => streamProgress(jobId).find((p) => p.sent >= 3));
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    const end = await streamEnded(jobId);
    if (end.phase !== 'failed') throw new Error(`not cancelled: ${JSON.stringify(end)}`);
    expect(end.error.code).toBe('CANCELLED');
    const named = /after (\d+) of 40 records had been sent/.exec(end.error.message);
    expect(named, end.error.message).not.toBeNull();
    const sent = Number(named?.[1]);
    expect(end.sent).toBe(sent);
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThan(total);
    expect(end.error.message).toMatch(/stay sent: streamed records cannot be taken back/);
    // The progress events carried exactly the results of the records sent.
    expect(
      streamProgress(jobId)
        .flatMap((p) => p.results)
        .map((r) => r.index),
    ).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    expect(await heldIn(datasetId)).toBe(sent);
    // Nothing more arrives after the failure (no request was left running).
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await heldIn(datasetId)).toBe(sent);
  });
});

describe('jobs.preflight and jobs.preflightFix', () => {
  const failedCodes = (r: PreflightReportShape) => r.checks.filter((c) => c.status === 'failed').map((c) => c.code);

  it('passes the seeded dataset with a prepared folder, and reports a missing dataset', async () => {
    const report = await value<PreflightReportShape>('jobs.preflight', {
      datasetId: h.datasetId,
      source: { kind: 'folder', path: path.join(jobsRoot, 'prepared-a') },
      profile: true,
      sampleSize: 50,
    });
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

    expect(await call('jobs.preflightFix', { fix: 'enable-dataset-for-profile', datasetId })).toMatchObject({
      ok: false,
      error: { where: { field: 'confirmed' } },
    });
    expect(await call('jobs.preflightFix', { fix: 'enable-schema-for-profile', datasetId, confirmed: true })).toMatchObject({
      ok: false,
      error: { where: { field: 'schemaId' } },
    });
    const applied = await value<{ consequence: string }>('jobs.preflightFix', { fix: 'enable-dataset-for-profile', datasetId, confirmed: true });
    expect(applied.consequence).toEqual(expect.any(String));
    const union = await value<{ irreversible: boolean; consequence: string }>('jobs.preflightFix', {
      fix: 'enable-schema-for-profile',
      datasetId,
      schemaId,
      confirmed: true,
    });
    expect(union).toMatchObject({ irreversible: true, consequence: expect.stringMatching(/cannot be undone/) });
    const after = await value<PreflightReportShape>('jobs.preflight', { datasetId, schemaId, profile: false });
    expect(after.ok).toBe(true);
    const profileAfter = await value<PreflightReportShape>('jobs.preflight', { datasetId, schemaId, profile: true });
    expect(failedCodes(profileAfter)).not.toContain('SCHEMA_NOT_UNION');
    expect(failedCodes(profileAfter)).not.toContain('DATASET_NOT_PROFILE');
  });
});

describe('uploads.list and uploads.resume', () => {
  const uploads = () => value<LocalUploadShape[]>('uploads.list', {});
  const listed = async (find: (u: LocalUploadShape) => boolean) => (await uploads()).find(find);
  async function untilListed(find: (u: LocalUploadShape) => boolean): Promise<LocalUploadShape> {
    for (const deadline = Date.now() + 20_000; ;) {
      const found = await listed(find);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('the upload was never listed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  /** The job's batches in Catalog: every run and attempt share the externalId's prefix. */
  async function batchesOfJob(result: UploadResultShape) {
    const prefix = (result.batches[0]?.externalId ?? '').replace(/-r\d+-b\d+-a\d+$/, '');
    expect(prefix).toMatch(/^xdm-loader-/);
    return (await datasetBatches(h.client, h.datasetId)).filter((b) => b.externalId?.startsWith(prefix));
  }
  /** What `xdm-loader upload` does in its own process, stopped once its batch exists (Ctrl-C, or a kill). */
  async function stoppedCliRun(dir: string): Promise<string> {
    const controller = new AbortController();
    const run = startUpload(h.client, {
      input: dir,
      datasetId: h.datasetId,
      jobsDir: jobsRoot,
      targetKey: targetKeyOf(h.client.target),
      concurrency: 1,
      signal: controller.signal,
    });
    // Paused at once, it creates its batch and sends nothing: the stop lands before any part.
    run.pause();
    const entry = await untilListed((u) => u.input === dir && u.batches.length === 1);
    stopJob(controller, 'suspend');
    await expect(run.done).rejects.toMatchObject({ code: 'CANCELLED' });
    return entry.batches[0]?.batchId as string;
  }
  /** A process that stays alive until killed, and one that has ended: owners of a CLI lock. */
  it('lists an upload suspended at shutdown as interrupted, and resumes it to the exact count in one successful batch', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-interrupted', { parts: 6, rowsPerPart: 10, firstId: 60_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
      concurrency: 1,
    });
    await value('jobs.pause', { jobId });
    const running = await untilListed((u) => u.input === prepared.dir && u.batches.length === 1);
    expect(running).toMatchObject({
      state: 'running',
      jobId,
      connectionId: 'local',
      datasetId: h.datasetId,
      recordsExpected: 60,
      batches: [{ status: 'loading', recordsExpected: 60 }],
    });
    // Display-ready: its name, and the folder identities can be sampled from (one of main's, beside the job).
    expect(running).toMatchObject({ label: 'prepared-interrupted', confirmSource: { kind: 'folder', path: prepared.dir } });
    expect(path.dirname(running.jobDir)).toBe(jobsRoot);
    const batchId = running.batches[0]?.batchId as string;

    // What shutdown does to each running upload (registry.cancelAll): stop, keep journal and batch.
    expect(jobs.cancel(jobId, 'suspend')).toBe(true);
    expect(await ended(jobId)).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED' } });
    const interrupted = await listed((u) => u.jobDir === running.jobDir);
    expect(interrupted).toMatchObject({ state: 'interrupted', connectionId: 'local', recordsExpected: 60, batches: [{ batchId, status: 'loading' }] });
    expect(interrupted?.jobId).toBeUndefined();

    const resumed = await value<{ jobId: string }>('uploads.resume', { jobId: newJobId(), jobDir: running.jobDir });
    // The resumed job owns the folder from its first moment: a second resume is refused, not raced.
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: running.jobDir })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(resumed.jobId) },
    });
    expect((await listed((u) => u.jobDir === running.jobDir))?.jobId).toBe(resumed.jobId);
    const end = await ended(resumed.jobId);
    if (end.phase !== 'finished') throw new Error(`resume failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({
      resumed: true,
      batchId,
      status: 'success',
      recordsExpected: 60,
      recordsWritten: 60,
      recordsFailed: 0,
      jobDir: running.jobDir,
    });
    expect(end.result.batches).toHaveLength(1);
    const ofJob = await batchesOfJob(end.result);
    expect(ofJob.filter((b) => b.status === 'success')).toEqual([expect.objectContaining({ id: batchId, records: 60 })]);

    expect(await listed((u) => u.jobDir === running.jobDir)).toMatchObject({
      state: 'succeeded',
      batches: [{ batchId, status: 'success', recordsWritten: 60, recordsFailed: 0 }],
    });
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: running.jobDir })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/already succeeded/) },
    });
  });

  it('treats a journal whose CLI process still holds the lock as running; once that process is gone, resumes it', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-cli', { parts: 3, rowsPerPart: 15, firstId: 62_000 });
    const batchId = await stoppedCliRun(prepared.dir);
    const entry = await untilListed((u) => u.input === prepared.dir);
    expect(entry).toMatchObject({ state: 'interrupted', connectionId: 'local', recordsExpected: 45, batches: [{ batchId }] });

    const lock = path.join(entry.jobDir, LOCK_FILE);
    const cli = await tryLockInChild(lock);
    try {
      expect(cli.line).toBe('held');
      expect(await listed((u) => u.jobDir === entry.jobDir)).toMatchObject({ state: 'running' });
      expect(await call('uploads.resume', { jobId: newJobId(), jobDir: entry.jobDir })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', message: expect.stringMatching(/another process/) },
      });
    } finally {
      await cli.stop();
    }
    // A killed CLI leaves its lock file and pid note behind, but the kernel released its lock: an interrupted upload.
    expect(await readFile(`${lock}.pid`, 'utf8')).toBe(String(cli.process.pid));
    expect(await listed((u) => u.jobDir === entry.jobDir)).toMatchObject({ state: 'interrupted' });
    const { jobId } = await value<{ jobId: string }>('uploads.resume', { jobId: newJobId(), jobDir: entry.jobDir });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`resume failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ resumed: true, batchId, status: 'success', recordsWritten: 45, recordsFailed: 0 });
    expect((await batchesOfJob(end.result)).filter((b) => b.status === 'success')).toEqual([expect.objectContaining({ id: batchId, records: 45 })]);
  });

  it('refuses an input that changed since the run: the job fails, nothing is sent', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-changed', { parts: 2, rowsPerPart: 10, firstId: 64_000 });
    await stoppedCliRun(prepared.dir);
    const entry = await untilListed((u) => u.input === prepared.dir);
    await writePrepared(jobsRoot, 'prepared-changed', { parts: 2, rowsPerPart: 11, firstId: 64_000 });
    const { jobId } = await value<{ jobId: string }>('uploads.resume', { jobId: newJobId(), jobDir: entry.jobDir });
    expect(await ended(jobId)).toMatchObject({ phase: 'failed', error: { code: 'CONFLICT', message: expect.stringMatching(/changed since this upload ran/) } });
    expect(await listed((u) => u.jobDir === entry.jobDir)).toMatchObject({ state: 'interrupted' });
  });

  it('journals a cancel that lands before the batch exists: listed aborted, and a resume sends it anew to the exact count', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-cancel-early', { parts: 2, rowsPerPart: 15, firstId: 66_000 });
    // The create is throttled with a long Retry-After: the job waits with no batch, a deterministic moment to cancel.
    h.sandbox.faults.add({ path: '/data/foundation/import/batches', method: 'POST', action: 'status', status: 429, retryAfterSeconds: 10, times: 1 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
    });
    await until(() => (h.sandbox.faults.state().rules.length === 0 ? true : undefined));
    const waiting = await untilListed((u) => u.input === prepared.dir);
    expect(waiting).toMatchObject({ state: 'running', jobId, batches: [] });
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    expect(await ended(jobId)).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED' } });
    // The user cancelled: not an interruption waiting for a resume.
    expect(await listed((u) => u.jobDir === waiting.jobDir)).toMatchObject({ state: 'aborted', batches: [] });
    // No batch of this job was left loading (the job folder's name is the start of its batches' externalIds).
    const ofJob = (await datasetBatches(h.client, h.datasetId)).filter((b) =>
      b.externalId?.startsWith(`xdm-loader-${path.basename(waiting.jobDir).slice('upload-'.length)}`),
    );
    expect(ofJob.filter((b) => b.status === 'loading')).toEqual([]);

    // As with a cancel whose batch was aborted, a resume starts the upload anew in a new batch.
    const resumed = await value<{ jobId: string }>('uploads.resume', { jobId: newJobId(), jobDir: waiting.jobDir });
    const end = await ended(resumed.jobId);
    if (end.phase !== 'finished') throw new Error(`resume failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsExpected: 30, recordsWritten: 30, recordsFailed: 0 });
    expect((await batchesOfJob(end.result)).filter((b) => b.status === 'success')).toEqual([expect.objectContaining({ id: end.result.batchId, records: 30 })]);
    expect(await listed((u) => u.jobDir === waiting.jobDir)).toMatchObject({ state: 'succeeded' });
  });

  it('refuses a second jobs.upload of the same input, dataset and target while the first runs, naming it', async () => {
    const prepared = await writePrepared(jobsRoot, 'prepared-twice', { parts: 3, rowsPerPart: 10, firstId: 68_000 });
    const source = { kind: 'folder', path: prepared.dir };
    const first = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source, datasetId: h.datasetId, concurrency: 1 });
    await value('jobs.pause', { jobId: first.jobId });
    const refused = { ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(first.jobId) } };
    // At once, while the first is still resolving its input, and once it holds its job folder.
    expect(await call('jobs.upload', { jobId: newJobId(), source, datasetId: h.datasetId })).toMatchObject(refused);
    const entry = await untilListed((u) => u.input === prepared.dir && u.batches.length === 1);
    expect(await call('jobs.upload', { jobId: newJobId(), source, datasetId: h.datasetId, again: true })).toMatchObject(refused);
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: entry.jobDir })).toMatchObject(refused);
    await value('jobs.resume', { jobId: first.jobId });
    const end = await ended(first.jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsWritten: 30 });
    expect((await batchesOfJob(end.result)).filter((b) => b.status === 'success')).toHaveLength(1);
    // Once it has ended, the same upload is accepted again (and reports the batch).
    const later = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source, datasetId: h.datasetId });
    expect(await ended(later.jobId)).toMatchObject({ phase: 'finished', result: { reported: true, batchId: end.result.batchId } });
  });

  it('says why it cannot resume: not a job folder, no journal, input gone, no matching connection', async () => {
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', where: { field: 'jobDir' } },
    });
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: path.join(jobsRoot, '..', 'upload-x') })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: path.join(jobsRoot, 'upload-none') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', where: { field: 'jobDir' } },
    });
    expect(await call('uploads.list', { limit: 0 })).toMatchObject({ ok: false, error: { where: { field: 'limit' } } });

    // Journals as a run leaves them (written by hand: what matters is what the listing reads).
    const journal = async (name: string, source: string, target: string) => {
      const dir = path.join(jobsRoot, name);
      await mkdir(dir, { recursive: true });
      const part = { name: 'part-00001.json', path: path.join(source, 'part-00001.json'), bytes: 10, rows: 3, group: 0, chunkBytes: 0 };
      const run = {
        t: 'run',
        run: 1,
        key: name,
        source,
        datasetId: h.datasetId,
        target,
        format: 'json',
        parts: [part],
        groups: 1,
        at: new Date().toISOString(),
      };
      await writeFile(
        path.join(dir, 'journal.jsonl'),
        `${JSON.stringify(run)}\n${JSON.stringify({ t: 'batch-creating', run: 1, group: 0, externalId: 'e' })}\n`,
      );
      return dir;
    };
    const localKey = targetKeyOf(h.client.target);
    const gone = await journal('upload-gone', path.join(jobsRoot, 'prepared-deleted'), localKey);
    expect(await listed((u) => u.jobDir === gone)).toMatchObject({ state: 'interrupted', connectionId: 'local', recordsExpected: 3, batches: [] });
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: gone })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/is gone/) },
    });

    const elsewhere = await journal('upload-elsewhere', path.join(jobsRoot, 'prepared-a'), 'https://platform.adobe.io|0123456789ABCDEF01234567@AdobeOrg|prod');
    const listedElsewhere = await listed((u) => u.jobDir === elsewhere);
    expect(listedElsewhere).toMatchObject({ state: 'interrupted' });
    expect(listedElsewhere?.connectionId).toBeUndefined();
    expect(await call('uploads.resume', { jobId: newJobId(), jobDir: elsewhere })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/No saved connection/) },
    });
    await Promise.all([gone, elsewhere].map((dir) => rm(dir, { recursive: true })));
  });
});

describe('upload job retention at start', () => {
  /** Another app start: handlers over their own data folder, as createMainServices builds them. */
  async function startWith(name: string, uploadRetention?: { maxAgeMs: number } | false, retentionDays?: number) {
    const dataDir = path.join(h.dir, name);
    const jobsDir = path.join(dataDir, 'jobs');
    // The Settings screen's retention, saved before this start.
    if (retentionDays !== undefined) await createAppSettingsStore({ dataDir }).update({ retentionDays });
    const dirs = {
      oldOk: await journalOf(jobsDir, 'upload-old-ok', 'success', 45),
      youngOk: await journalOf(jobsDir, 'upload-young-ok', 'success', 1),
      oldInterrupted: await journalOf(jobsDir, 'upload-old-interrupted', 'none', 45),
    };
    const connections = createConnectionService({
      store: createConnectionStore({ dataDir }),
      secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
      logger: silentLogger,
      localSandbox: () => h.sandbox,
    });
    const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir });
    const handlers = createHandlers({ files, info, connections, jobs, dataDir, ...(uploadRetention !== undefined ? { uploadRetention } : {}) });
    const list = async () => {
      const reply = await createRouter(handlers, { logError: () => undefined }).handle('uploads.list', {}, ctx);
      if (!reply.ok) throw new Error(reply.error.message);
      return (reply.value as LocalUploadShape[]).map((u) => u.jobDir).sort();
    };
    return { dirs, list };
  }

  it('removes succeeded jobs older than the configured age (30 days by default), and keeps interrupted ones', async () => {
    const { dirs, list } = await startWith('home-retention');
    expect(await list()).toEqual([dirs.oldInterrupted, dirs.youngOk].sort());
    const strict = await startWith('home-retention-strict', { maxAgeMs: 0 });
    expect(await strict.list()).toEqual([strict.dirs.oldInterrupted]);
    const keepAll = await startWith('home-retention-off', false);
    expect(await keepAll.list()).toEqual(Object.values(keepAll.dirs).sort());
  });

  it('keeps succeeded jobs for the days the Settings screen says', async () => {
    const longer = await startWith('home-retention-settings', undefined, 60);
    expect(await longer.list()).toEqual(Object.values(longer.dirs).sort());
  });
});

describe('confirmation in Profile', () => {
  const folder = (name: string) => ({ kind: 'folder', path: path.join(jobsRoot, name) });

  it('jobs.confirm finds the sampled identities of a loaded folder', async () => {
    const report = await value<ConfirmReportShape>('jobs.confirm', { source: folder('prepared-a'), datasetId: h.datasetId, count: 5 });
    expect(report).toMatchObject({ status: 'confirmed', found: 5, missing: 0 });
    expect(report.identities.map((i) => i.namespace)).toEqual(Array(5).fill('Email'));
  });

  it('explains a dataset not enabled for Profile, in the upload result and in jobs.confirm', async () => {
    const schemaId = (await getDataset(h.client, h.datasetId)).schemaRef?.id as string;
    const datasetId = await createDataset(h.client, { name: 'IPC lake only', schemaId });
    const prepared = await writePrepared(jobsRoot, 'prepared-lake', { parts: 1, rowsPerPart: 12, firstId: 70_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', { jobId: newJobId(), source: { kind: 'folder', path: prepared.dir }, datasetId });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    // The load itself succeeded: the records are in the data lake, not in Profile.
    expect(end.result).toMatchObject({ status: 'success', recordsWritten: 12, confirmation: { status: 'missing', found: 0, missing: 10 } });
    expect(end.result.confirmation?.identities.every((i) => i.found === false && i.reason === 'DATASET_NOT_PROFILE')).toBe(true);
    const report = await value<ConfirmReportShape>('jobs.confirm', { source: { kind: 'folder', path: prepared.dir }, datasetId, count: 3 });
    expect(report).toMatchObject({ status: 'missing', missing: 3 });
    expect(report.identities[0]).toMatchObject({ found: false, reason: 'DATASET_NOT_PROFILE', explanation: expect.stringMatching(/not enabled for Profile/) });
  });

  it('reports a Profile Access 403 as forbidden, in jobs.confirm and after an upload that still succeeds', async () => {
    h.sandbox.faults.configure({ profileEntitlement: false });
    const report = await value<ConfirmReportShape>('jobs.confirm', { source: folder('prepared-a'), datasetId: h.datasetId, count: 4 });
    expect(report).toMatchObject({ status: 'forbidden', found: 0, missing: 0, forbidden: expect.stringMatching(/entitle/i) });
    expect(report.identities).toHaveLength(4);
    expect(report.identities.every((i) => i.found === null && i.reason === 'FORBIDDEN')).toBe(true);

    const prepared = await writePrepared(jobsRoot, 'prepared-403', { parts: 1, rowsPerPart: 8, firstId: 72_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
    });
    expect(await ended(jobId)).toMatchObject({ phase: 'finished', result: { status: 'success', recordsWritten: 8, confirmation: { status: 'forbidden' } } });
  });

  it('never fails a successful upload because confirmation failed: it says why instead', async () => {
    h.sandbox.faults.add({ path: '/data/core/ups', action: 'status', status: 500 });
    const prepared = await writePrepared(jobsRoot, 'prepared-unconfirmed', { parts: 1, rowsPerPart: 6, firstId: 74_000 });
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: prepared.dir },
      datasetId: h.datasetId,
    });
    const end = await ended(jobId);
    if (end.phase !== 'finished') throw new Error(`upload failed: ${JSON.stringify(end)}`);
    expect(end.result).toMatchObject({ status: 'success', recordsWritten: 6 });
    expect(end.result.confirmation).toBeUndefined();
    // Through the contract, as the renderer receives it: the field must survive parsing.
    expect(UploadResultShape.parse(end.result).confirmationError).toMatch(/^Confirmation in Profile could not be made/);
    expect(eventsOf(jobId).some((e) => e.phase === 'status' && /^Confirmation in Profile could not be made/.test(e.note ?? ''))).toBe(true);
  });
});

describe('bad input', () => {
  it('is refused with the field path', async () => {
    const folder = { kind: 'folder', path: path.join(jobsRoot, 'prepared-a') };
    expect(await call('jobs.upload', { jobId: newJobId(), source: folder })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', where: { field: 'datasetId' } },
    });
    expect(await call('jobs.upload', { jobId: newJobId(), source: folder, datasetId: 'd', concurrency: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', where: { field: 'concurrency' } },
    });
    expect(await call('jobs.upload', { jobId: newJobId(), source: folder, datasetId: 'd', chunkSizeMb: 1000 })).toMatchObject({
      ok: false,
      error: { where: { field: 'chunkSizeMb' } },
    });
    expect(await call('jobs.upload', { jobId: newJobId(), source: { kind: 'job', jobId: 'nope' }, datasetId: 'd' })).toMatchObject({
      ok: false,
      error: { where: { field: 'source.jobId' } },
    });
    expect(await call('jobs.upload', { jobId: newJobId(), source: { kind: 'folder', path: '/etc' }, datasetId: 'd' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', where: { field: 'source.path' } },
    });
    expect(await call('jobs.upload', { jobId: newJobId(), source: folder, datasetId: 'd', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await call('jobs.pause', { jobId: 'j_unknown0000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', where: { field: 'jobId' } } });
    expect(await call('entities.lookup', { namespace: '', id: 'x' })).toMatchObject({ ok: false, error: { where: { field: 'namespace' } } });
    expect(await call('batches.failedRecords', { batchId: 'b', limit: 5000 })).toMatchObject({ ok: false, error: { where: { field: 'limit' } } });
    expect(
      await call('streaming.send', { jobId: newJobId(), source: { kind: 'file', fileRef: 'f_unknown0000000' }, datasetId: 'd', validation: 'maybe' }),
    ).toMatchObject({
      ok: false,
      error: { where: { field: 'validation' } },
    });
  });

  it('refuses an upload into a dataset that does not exist, as a failed job', async () => {
    const { jobId } = await value<{ jobId: string }>('jobs.upload', {
      jobId: newJobId(),
      source: { kind: 'folder', path: path.join(jobsRoot, 'prepared-pause') },
      datasetId: 'no-such-dataset',
    });
    const end = await ended(jobId);
    expect(end.phase).toBe('failed');
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
    const job = startUploadThread(h.client, createTokenProvider({ logger: silentLogger }), {
      input: path.join(h.dir, 'missing'),
      datasetId: h.datasetId,
      jobsDir: jobsRoot,
      targetKey: 't',
    });
    await expect(job.done).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});

describe('the stream worker thread', () => {
  it('streams in another thread with tokens from this one: it holds no secret, so a refused token fails it', async () => {
    const tokens = createTokenProvider({ logger: silentLogger });
    let asked = 0;
    const counting = { ...tokens, token: (...args: Parameters<typeof tokens.token>) => ((asked += 1), tokens.token(...args)) };
    const file = path.join(h.dir, 'stream-thread.json');
    await writeFile(file, `${JSON.stringify({ personalEmail: { address: 'thread1@example.com' } })}\n`);
    const job = startStreamThread(h.client, counting, { input: file, datasetId: h.datasetId, inletId: 'test-inlet', requestsPerMinute: 0 });
    expect(await job.threadId).not.toBe(mainThreadId);
    await expect(job.done).resolves.toMatchObject({ total: 1, accepted: 1 });
    expect(asked).toBeGreaterThan(0);

    // With this thread refusing tokens the worker has no other way in: it never had the secret.
    const refusing = { ...tokens, token: async () => Promise.reject(new AppError('UNAUTHORIZED', 'no token from the owner')) };
    const refused = startStreamThread(h.client, refusing, { input: file, datasetId: h.datasetId, inletId: 'test-inlet', requestsPerMinute: 0 });
    await expect(refused.done).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'no token from the owner' });
  });
});
