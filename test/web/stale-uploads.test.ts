import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UploadStore } from '../../src-main/web/uploads';
import { journalOf } from '../core/jobs/upload/upload-harness';
import { tryLockInChild } from '../core/jobs/upload/lock-holder';

/**
 * Files dropped in browser mode outlived a crash forever (only a clean close removed them). At
 * start, an earlier run's folder goes once it is older than the age bound, unless a live server
 * still holds it or an unfinished upload reads a file in it.
 */
const DAY = 24 * 60 * 60_000;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-stale-uploads-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function runFolder(name: string, ageMs: number): Promise<string> {
  const dir = path.join(dataDir, 'uploads', name);
  await mkdir(path.join(dir, 'u-1'), { recursive: true });
  await writeFile(path.join(dir, 'u-1', 'people.csv'), 'id\n1\n');
  const when = new Date(Date.now() - ageMs);
  await utimes(dir, when, when);
  return dir;
}

describe('stale dropped files', () => {
  it('removes old folders of dead runs, and keeps young ones, live ones, ones a job needs and its own', async () => {
    const old = await runFolder('run-old', 3 * DAY);
    const young = await runFolder('run-young', 60_000);
    const live = await runFolder('run-live', 3 * DAY);
    const needed = await runFolder('run-needed', 3 * DAY);
    const store = new UploadStore(dataDir);
    const own = await store.save('mine.csv', Readable.from(['id\n1\n']));
    const holder = await tryLockInChild(path.join(live, 'run.lock'));
    try {
      expect(holder.line).toBe('held');
      // An interrupted upload of a file dropped in that run: it resumes from that file.
      const jobsDir = path.join(dataDir, 'jobs');
      const job = await journalOf(jobsDir, 'upload-needed', 'none', 3);
      const inUse = async (dir: string): Promise<boolean> => dir === needed && existsSync(job);
      const removed = await store.sweep({ maxAgeMs: DAY, inUse });
      expect(removed).toEqual([old]);
    } finally {
      await holder.stop();
    }
    for (const kept of [young, live, needed, own.path]) expect(existsSync(kept), kept).toBe(true);
    // Its holder gone (its lock file made the folder young again: a day on), the live server's folder goes too.
    expect((await store.sweep({ maxAgeMs: DAY, now: Date.now() + 2 * DAY, inUse: async () => false })).sort()).toEqual([live, needed, young].sort());
    expect(existsSync(own.path)).toBe(true);
    await store.clear();
    expect(existsSync(own.path)).toBe(false);
  }, 60_000);
});
