import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { JobId, JobKind } from '../../src-shared/ipc/job-id';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import type { FileRegistry } from '../../src-main/core/files/file-registry';
import type { LogFields } from '../../src-main/core/platform/logger';
import type { RequestContext } from '../../src-main/ipc/context';
import { prepareJob, streamJob, uploadJob } from '../../src-main/ipc/jobs/job-kinds';
import { newJobId, type JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import type { createRouter } from '../../src-main/ipc/router';
import { writePrepared, type UploadHarness } from '../core/jobs/upload/upload-harness';
import { startSandboxHandlers, until } from './sandbox-handlers';

/**
 * One harness for every kind of job (prepare, upload, streaming): each is started through its
 * request under an id the test mints, and driven through the same steps: it runs to its final
 * event and leaves the registry; it is cancelled midway; it is asked to pause (only an upload
 * can); its worker thread is terminated midway (a crash): the job ends failed, in words with the
 * raw message as its detail, logged with its id, and leaves the registry; an upload stays
 * resumable from its journal. Against the Local sandbox on loopback, with real worker threads.
 */
const ctx: RequestContext = { transport: 'websocket' };
const samples = path.resolve(__dirname, '..', '..', 'assets', 'samples');
let h: UploadHarness;
let home: string;
let jobsRoot: string;
let files: FileRegistry;
let jobs: JobRegistry;
let events: AppEvent[];
let logged: Array<{ message: string; fields: LogFields | undefined }>;
let router: ReturnType<typeof createRouter<RequestContext>>;

async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await router.handle(name, input, ctx);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}
function eventsOf(jobId: JobId): JobEvent[] {
  return events.filter((e): e is JobEvent => e.type === 'job' && e.jobId === jobId);
}
const finalEvent = (jobId: JobId) => until(() => eventsOf(jobId).find((e) => e.phase === 'finished' || e.phase === 'failed'));
const firstProgress = (jobId: JobId) => until(() => eventsOf(jobId).find((e) => e.phase === 'progress'));

/** customers.csv repeated `times` times (about 300 rows each). */
async function bigCustomers(times: number): Promise<string> {
  const [header, ...rows] = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).trimEnd().split('\n');
  const out = [header as string];
  for (let t = 0; t < times; t++) out.push(...rows);
  const file = path.join(home, `big-${times}.csv`);
  await writeFile(file, `${out.join('\n')}\n`);
  return file;
}

const mapping: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' },
  ],
  identities: [{ column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' }],
};

let streamed = 0;
/** An XDM file of `count` records for streaming (new addresses each time). */
async function streamRecords(count: number): Promise<string> {
  const first = streamed;
  streamed += count;
  const file = path.join(home, `stream-${first}.json`);
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ personalEmail: { address: `kind${first + i}@example.com` } }));
  await writeFile(file, `${lines.join('\n')}\n`);
  return (await files.register(file)).fileRef;
}

let folders = 0;

/** How each kind is started (`slow`: long enough to be stopped midway) and how a cancel ends it. */
interface KindCase {
  kind: JobKind;
  unexpected: string;
  start(jobId: JobId, slow: boolean): Promise<void>;
  /** What a cancel ends with: a prepare job finishes with a cancelled summary; the others fail CANCELLED. */
  expectCancelled(end: JobEvent): void;
}

const cases: KindCase[] = [
  {
    kind: 'prepare',
    unexpected: prepareJob.unexpected,
    start: async (jobId, slow) => {
      const { fileRef } = await files.register(slow ? await bigCustomers(400) : path.join(samples, 'customers.csv'));
      await value('jobs.prepare', { jobId, fileRef, schema: { kind: 'standard', id: 'profile' }, mapping });
    },
    expectCancelled: (end) => expect(end).toMatchObject({ phase: 'finished', summary: { status: 'cancelled' } }),
  },
  {
    kind: 'upload',
    unexpected: uploadJob.unexpected,
    start: async (jobId, slow) => {
      // Slow: small chunks, each taking a while at the sandbox.
      if (slow) h.sandbox.faults.add({ path: '/data/foundation/import', action: 'latency', latencyMs: 40 });
      const prepared = await writePrepared(jobsRoot, `prepared-kind-${++folders}`, { parts: 2, rowsPerPart: 60, firstId: 90_000 + folders * 1000 });
      await value('jobs.upload', {
        jobId,
        source: { kind: 'folder', path: prepared.dir },
        datasetId: h.datasetId,
        concurrency: 1,
        ...(slow ? { chunkSizeMb: 0.002 } : {}),
      });
    },
    expectCancelled: (end) => expect(end).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED', message: expect.stringMatching(/batch was aborted/) } }),
  },
  {
    kind: 'stream',
    unexpected: streamJob.unexpected,
    start: async (jobId, slow) => {
      // Slow: each streaming request takes 100 ms at the sandbox.
      if (slow) h.sandbox.faults.add({ path: '/collection/', action: 'latency', latencyMs: 100 });
      await value('streaming.send', { jobId, source: { kind: 'file', fileRef: await streamRecords(slow ? 40 : 3) }, datasetId: h.datasetId });
    },
    expectCancelled: (end) => expect(end).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED' }, sent: expect.any(Number) }),
  },
];

beforeAll(async () => {
  events = [];
  logged = [];
  const log = (message: string, fields?: LogFields) => logged.push({ message, fields });
  ({ h, home, jobsRoot, files, jobs, router } = await startSandboxHandlers({
    emit: (event) => events.push(event),
    logger: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, singlePutMaxBytes: 4 * 1024, confirm: { waitMs: 0 } },
  }));
}, 60_000);

afterAll(async () => {
  await jobs.cancelAll();
  await h.close();
});

beforeEach(() => {
  h.sandbox.faults.clear();
  logged.length = 0;
});

describe.each(cases)('a $kind job', (c) => {
  it("runs under the caller's id to one final event, then leaves the registry", async () => {
    const jobId = newJobId();
    await c.start(jobId, false);
    const end = await finalEvent(jobId);
    expect(end).toMatchObject({ kind: c.kind, phase: 'finished' });
    await jobs.settled(jobId);
    expect(eventsOf(jobId).at(-1)).toBe(end);
    expect(jobs.has(jobId)).toBe(false);
    // Told it is over, not that it is unknown; and its id cannot name another job.
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: false });
    await expect(c.start(jobId, false)).rejects.toThrow(/CONFLICT/);
    expect(logged).toEqual([]);
  }, 60_000);

  it('is cancelled midway through jobs.cancel', async () => {
    const jobId = newJobId();
    await c.start(jobId, true);
    await firstProgress(jobId);
    expect(await value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    c.expectCancelled(await finalEvent(jobId));
    await jobs.settled(jobId);
    expect(jobs.has(jobId)).toBe(false);
    expect(logged).toEqual([]);
  }, 60_000);

  it(
    c.kind === 'upload' ? 'pauses and resumes, saying so in status events' : 'cannot be paused',
    async () => {
      const jobId = newJobId();
      await c.start(jobId, true);
      await firstProgress(jobId);
      if (c.kind !== 'upload') {
        expect(await router.handle('jobs.pause', { jobId }, ctx)).toMatchObject({
          ok: false,
          error: { code: 'CONFLICT', message: 'Only uploads can be paused.' },
        });
        await value('jobs.cancel', { jobId });
        await finalEvent(jobId);
        return;
      }
      expect(await value('jobs.pause', { jobId })).toEqual({ jobId, paused: true });
      await until(() => eventsOf(jobId).find((e) => e.phase === 'status' && e.state === 'paused'));
      h.sandbox.faults.clear();
      expect(await value('jobs.resume', { jobId })).toEqual({ jobId, resumed: true });
      expect(await finalEvent(jobId)).toMatchObject({ phase: 'finished', result: { status: 'success', recordsWritten: 120 } });
      const states = eventsOf(jobId).flatMap((e) => (e.phase === 'status' && e.note === undefined ? [e.state] : []));
      expect(states).toEqual(['paused', 'running']);
    },
    60_000,
  );

  it('ends failed when its worker dies: in words, the raw message as detail, logged with its id, and out of the registry', async () => {
    const jobId = newJobId();
    await c.start(jobId, true);
    // An upload is crashed once its journal names its batch, so there is something to resume.
    if (c.kind === 'upload') await until(() => eventsOf(jobId).find((e) => e.phase === 'progress' && e.kind === 'upload' && e.progress.batchIds.length > 0));
    else await firstProgress(jobId);
    expect(await jobs.terminate(jobId)).toBe(true);
    const end = await finalEvent(jobId);
    expect(end).toMatchObject({
      kind: c.kind,
      phase: 'failed',
      error: { code: 'INTERNAL', message: c.unexpected },
      detail: expect.stringMatching(/worker exited/),
    });
    await jobs.settled(jobId);
    expect(jobs.has(jobId)).toBe(false);
    expect(logged).toEqual([{ message: 'job failed unexpectedly', fields: { jobId, kind: c.kind, detail: end.phase === 'failed' ? end.detail : '' } }]);
    if (c.kind !== 'upload') return;

    // The journal outlived the worker: the upload is listed as interrupted and resumes to the exact count.
    const listed = await until(async () =>
      (await value<LocalUploadShape[]>('uploads.list', {})).find((u) => u.state === 'interrupted' && u.batches.length > 0),
    );
    const resumed = newJobId();
    await value('uploads.resume', { jobId: resumed, jobDir: listed.jobDir });
    expect(await finalEvent(resumed)).toMatchObject({ phase: 'finished', result: { resumed: true, status: 'success', recordsWritten: 120 } });
  }, 90_000);
});
