import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { PrepareJobEvent, StreamJobEvent } from '../../src-shared/ipc/job-events';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import type { StreamRecordResult } from '../../src-shared/ipc/requests/jobs';
import { prepareJob, streamJob } from '../../src-main/ipc/jobs/job-kinds';
import { JobRegistry, newJobId, type JobControl } from '../../src-main/ipc/jobs/job-registry';

const summary = (rows: number, status: PrepareSummary['status'] = 'completed'): PrepareSummary => ({
  status,
  rowsRead: rows,
  rowsWritten: rows,
  rowsRejected: 0,
  invariantHolds: true,
  parts: [],
  format: 'json',
  rejectsFile: 'rejects.csv',
  issuesByField: {},
  issuesByKind: {},
  rowsWithWarnings: 0,
  startedAt: '2024-01-01T00:00:00.000Z',
  finishedAt: '2024-01-01T00:00:01.000Z',
  durationMs: 1000,
});

const report = (rows: number) => ({ bytesRead: rows * 10, bytesTotal: 10_000, rowsRead: rows, rowsWritten: rows, rowsRejected: 0 });
type Report = ReturnType<typeof report>;

/** A prepare job under a fresh id whose body is `run` (its output folder is `outDir`). */
function prepare(registry: JobRegistry, outDir: string, run: (control: JobControl<Report>) => Promise<PrepareSummary>, owner?: AbortSignal) {
  return registry.start({
    id: newJobId(),
    events: prepareJob,
    outDir,
    ...(owner ? { owner } : {}),
    run: async (control) => ({ summary: await run(control), outDir }),
  });
}
const prepareEvents = (events: AppEvent[]) => events.filter((e): e is PrepareJobEvent => e.type === 'job' && e.kind === 'prepare');
const rowsOf = (events: PrepareJobEvent[]) => events.flatMap((e) => (e.phase === 'progress' ? [e.progress.rowsRead] : []));

describe('JobRegistry', () => {
  it('sends at most one progress event per interval per job, and always the last one before finished', async () => {
    let clock = 0;
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e), now: () => clock });
    const id = prepare(registry, '/out', async ({ progress }) => {
      // 1000 reports over 1 s of fake time: one every millisecond.
      for (let i = 1; i <= 1000; i++) {
        clock = i;
        progress(report(i));
      }
      return summary(1000);
    });
    expect(registry.running(id)).toMatchObject({ kind: 'prepare', state: 'running', outDir: '/out' });
    await registry.settled(id);
    expect(rowsOf(prepareEvents(events))).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1000]);
    expect(events.at(-1)).toMatchObject({ type: 'job', kind: 'prepare', phase: 'finished', jobId: id, outDir: '/out', summary: { rowsRead: 1000 } });
    // Its final event sent, the job has left the registry: a late cancel is told it is over.
    expect(registry.has(id)).toBe(false);
    expect(registry.running(id)).toBeUndefined();
    expect(registry.cancel(id)).toBe(false);
  });

  it('throttles each job on its own', async () => {
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e), now: () => 0 });
    const run = async ({ progress }: JobControl<Report>) => {
      progress(report(1));
      progress(report(2));
      return summary(2);
    };
    const a = prepare(registry, '/a', run);
    const b = prepare(registry, '/b', run);
    await Promise.all([registry.settled(a), registry.settled(b)]);
    for (const id of [a, b]) expect(rowsOf(prepareEvents(events).filter((e) => e.jobId === id))).toEqual([1, 2]);
  });

  it('cancels through the job signal, and when its owner goes away', async () => {
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e) });
    const untilAborted = ({ signal }: { signal: AbortSignal }) =>
      new Promise<PrepareSummary>((resolve) => {
        // A cancel may come before the body starts: a well-behaved body checks first.
        if (signal.aborted) resolve(summary(5, 'cancelled'));
        else signal.addEventListener('abort', () => resolve(summary(5, 'cancelled')), { once: true });
      });
    const byUser = prepare(registry, '/u', untilAborted);
    expect(registry.cancel(byUser)).toBe(true);
    await registry.settled(byUser);
    expect(registry.cancel(byUser)).toBe(false);
    const owner = new AbortController();
    const byOwner = prepare(registry, '/o', untilAborted, owner.signal);
    owner.abort();
    await registry.settled(byOwner);
    expect(prepareEvents(events).flatMap((e) => (e.phase === 'finished' ? [e.summary.status] : []))).toEqual(['cancelled', 'cancelled']);
  });

  it('turns a failure into a failed event: a planned one as it is, anything else in words, logged with its job id', async () => {
    const events: AppEvent[] = [];
    const logged: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
    const log = (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields });
    const registry = new JobRegistry({ emit: (e) => events.push(e), logger: { debug: log, info: log, warn: log, error: log } });
    const failing = prepare(registry, '/f', async () => Promise.reject(new AppError('FILE_UNREADABLE', 'gone', { file: 'a.csv' })));
    const crashing = prepare(registry, '/c', async () => Promise.reject(new Error('boom')));
    await Promise.all([registry.settled(failing), registry.settled(crashing)]);
    expect(events).toContainEqual({
      type: 'job',
      jobId: failing,
      kind: 'prepare',
      phase: 'failed',
      error: { code: 'FILE_UNREADABLE', message: 'gone', where: { file: 'a.csv' } },
    });
    expect(events).toContainEqual({
      type: 'job',
      jobId: crashing,
      kind: 'prepare',
      phase: 'failed',
      error: { code: 'INTERNAL', message: prepareJob.unexpected },
      detail: 'boom',
    });
    // Only the unexpected one is logged, with its id and raw message.
    expect(logged).toEqual([{ message: 'job failed unexpectedly', fields: { jobId: crashing, kind: 'prepare', detail: 'boom' } }]);
    expect(registry.has(failing) || registry.has(crashing)).toBe(false);
    expect(() => registry.cancel('j_nosuchjob')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it("runs each job under its caller's id, and refuses an id already used", async () => {
    const registry = new JobRegistry({ emit: () => undefined });
    const id = newJobId();
    let release: () => void = () => undefined;
    const start = () =>
      registry.start({
        id,
        events: prepareJob,
        outDir: '/x',
        run: () => new Promise((resolve) => (release = () => resolve({ summary: summary(1), outDir: '/x' }))),
      });
    expect(start()).toBe(id);
    expect(start).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    release();
    await registry.settled(id);
    // Ended, its id is still taken: events of two jobs must never share one.
    expect(start).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  it('folds the results of a stream report the throttle held back into the next event: none is lost', async () => {
    let clock = 0;
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e), now: () => clock });
    const result = (index: number): StreamRecordResult => ({ index, status: 'accepted' });
    const id = registry.start({
      id: newJobId(),
      events: streamJob,
      outDir: '/s',
      run: async ({ progress }) => {
        for (let i = 1; i <= 5; i++) {
          clock = i * 30;
          progress({ sent: i, total: 5, accepted: i, received: 0, rejected: 0, results: [result(i)] });
        }
        return { datasetId: 'd', validation: 'sync', total: 5, accepted: 5, received: 0, rejected: 0, requests: 5, results: [1, 2, 3, 4, 5].map(result) };
      },
    });
    await registry.settled(id);
    const progress = events.flatMap((e) => (e.type === 'job' && e.kind === 'stream' && e.phase === 'progress' ? [e.progress] : []));
    // Fewer events than reports, every result exactly once, in order.
    expect(progress.length).toBeLessThan(5);
    expect(progress.flatMap((p) => p.results.map((r) => r.index))).toEqual([1, 2, 3, 4, 5]);
    expect((events.at(-1) as StreamJobEvent).phase).toBe('finished');
  });
});
