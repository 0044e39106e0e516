import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';

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

describe('JobRegistry', () => {
  it('sends at most one progress event per interval per job, and always the last one before finished', async () => {
    let clock = 0;
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e), now: () => clock });
    const id = registry.start({
      kind: 'prepare',
      outDir: '/out',
      run: async ({ progress }) => {
        // 1000 reports over 1 s of fake time: one every millisecond.
        for (let i = 1; i <= 1000; i++) {
          clock = i;
          progress(report(i));
        }
        return summary(1000);
      },
    });
    await registry.settled(id);
    const progress = events.filter((e) => e.type === 'job.progress');
    expect(progress.length).toBe(11);
    expect(progress.map((e) => (e.type === 'job.progress' ? e.rowsRead : -1))).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1000]);
    expect(events.at(-1)).toMatchObject({ type: 'job.finished', jobId: id, outDir: '/out', summary: { rowsRead: 1000 } });
    expect(registry.get(id)).toMatchObject({ state: 'finished', summary: { rowsRead: 1000 } });
  });

  it('throttles each job on its own', async () => {
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e), now: () => 0 });
    const run = async ({ progress }: { progress: (r: ReturnType<typeof report>) => void }) => {
      progress(report(1));
      progress(report(2));
      return summary(2);
    };
    const a = registry.start({ kind: 'prepare', outDir: '/a', run });
    const b = registry.start({ kind: 'prepare', outDir: '/b', run });
    await Promise.all([registry.settled(a), registry.settled(b)]);
    for (const id of [a, b]) {
      const rows = events.filter((e) => e.type === 'job.progress' && e.jobId === id).map((e) => (e.type === 'job.progress' ? e.rowsRead : -1));
      expect(rows).toEqual([1, 2]);
    }
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
    const byUser = registry.start({ kind: 'prepare', outDir: '/u', run: untilAborted });
    expect(registry.cancel(byUser)).toBe(true);
    await registry.settled(byUser);
    expect(registry.cancel(byUser)).toBe(false);
    const owner = new AbortController();
    const byOwner = registry.start({ kind: 'prepare', outDir: '/o', owner: owner.signal, run: untilAborted });
    owner.abort();
    await registry.settled(byOwner);
    expect(events.filter((e) => e.type === 'job.finished').map((e) => (e.type === 'job.finished' ? e.summary.status : ''))).toEqual(['cancelled', 'cancelled']);
  });

  it('turns a failure into job.failed with a coded error', async () => {
    const events: AppEvent[] = [];
    const registry = new JobRegistry({ emit: (e) => events.push(e) });
    const failing = registry.start({ kind: 'prepare', outDir: '/f', run: async () => Promise.reject(new AppError('FILE_UNREADABLE', 'gone', { file: 'a.csv' })) });
    const crashing = registry.start({ kind: 'prepare', outDir: '/c', run: async () => Promise.reject(new Error('boom')) });
    await Promise.all([registry.settled(failing), registry.settled(crashing)]);
    expect(events).toContainEqual({ type: 'job.failed', jobId: failing, kind: 'prepare', error: { code: 'FILE_UNREADABLE', message: 'gone', where: { file: 'a.csv' } } });
    expect(events).toContainEqual(expect.objectContaining({ type: 'job.failed', jobId: crashing, error: expect.objectContaining({ code: 'INTERNAL' }) }));
    expect(() => registry.get('j_nosuchjob')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
