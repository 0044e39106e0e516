import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalUploads, LOCK_FILE, pruneUploadJobs } from '../../../../src-main/core/jobs/upload/index';
import { tryLockInChild } from './lock-holder';
import { journalOf } from './upload-harness';

/**
 * Retention: succeeded upload jobs older than the age are removed; interrupted, aborted, failed,
 * young and running ones stay, whatever their age.
 */
let jobsDir: string;
const DAY = 24 * 60 * 60 * 1000;
beforeAll(async () => {
  jobsDir = await mkdtemp(path.join(tmpdir(), 'xdm-retention-'));
});
afterAll(async () => {
  await rm(jobsDir, { recursive: true, force: true });
});

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('upload job retention', () => {
  it('removes only succeeded jobs older than the age, never interrupted, aborted, failed or running ones', async () => {
    const oldSucceeded = await journalOf(jobsDir, 'upload-old-ok', 'success', 40);
    const youngSucceeded = await journalOf(jobsDir, 'upload-young-ok', 'success', 2);
    const oldInterrupted = await journalOf(jobsDir, 'upload-old-interrupted', 'none', 90);
    const oldAborted = await journalOf(jobsDir, 'upload-old-aborted', 'aborted', 90);
    const oldFailed = await journalOf(jobsDir, 'upload-old-failed', 'failed', 90);
    const oldRunning = await journalOf(jobsDir, 'upload-old-running', 'success', 90);
    // A process holds that job's lock (`xdm-loader upload --again` running it now, say).
    const holder = await tryLockInChild(path.join(oldRunning, LOCK_FILE));
    try {
      expect(holder.line).toBe('held');
      const report = await pruneUploadJobs(jobsDir, { maxAgeMs: 30 * DAY });
      expect(report.removed).toEqual([oldSucceeded]);
      expect(report.kept).toBe(5);
    } finally {
      await holder.stop();
    }
    expect(await exists(oldSucceeded)).toBe(false);
    for (const kept of [youngSucceeded, oldInterrupted, oldAborted, oldFailed, oldRunning]) expect(await exists(kept)).toBe(true);
    expect((await listLocalUploads(jobsDir)).map((u) => path.basename(u.jobDir)).sort()).toEqual([
      'upload-old-aborted',
      'upload-old-failed',
      'upload-old-interrupted',
      'upload-old-running',
      'upload-young-ok',
    ]);

    // Its holder gone, the old succeeded job goes at the next start; an age of 0 never touches the others.
    const next = await pruneUploadJobs(jobsDir, { maxAgeMs: 30 * DAY });
    expect(next.removed).toEqual([oldRunning]);
    expect((await pruneUploadJobs(jobsDir, { maxAgeMs: 0 })).removed).toEqual([youngSucceeded]);
    expect((await listLocalUploads(jobsDir)).map((u) => u.outcome).sort()).toEqual(['aborted', 'failed', 'unfinished']);
  });

  it('does nothing when the jobs folder does not exist yet', async () => {
    expect(await pruneUploadJobs(path.join(jobsDir, 'nope'), { maxAgeMs: DAY })).toEqual({ removed: [], kept: 0 });
  });
});
