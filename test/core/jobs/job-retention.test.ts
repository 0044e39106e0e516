import { mkdir, mkdtemp, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedFolderName } from '../../../src-main/core/jobs/prepare/prepared-folder';
import { STREAM_LOCK_FILE } from '../../../src-main/core/jobs/stream/stream-journal';
import { createUploadHistory } from '../../../src-main/core/services/upload-history';
import { tryLockInChild } from './upload/lock-holder';
import { journalOf } from './upload/upload-harness';

/**
 * Retention at start (the Settings screen's days) over every kind of job folder: succeeded
 * uploads, ended streaming runs and prepared outputs go once older than the age; running,
 * interrupted and young ones stay, and so does a prepared folder a kept job still reads, one read
 * lately, a folder not named as prepare names them, and anything a link points to.
 */
const DAY = 24 * 60 * 60 * 1000;
let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'xdm-job-retention-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function age(target: string, days: number): Promise<void> {
  const when = new Date(Date.now() - days * DAY);
  await utimes(target, when, when);
}

/** A prepare job's output folder (parts and summary), last written `days` ago. */
async function prepared(jobsDir: string, fileName: string, days: number): Promise<string> {
  const dir = path.join(jobsDir, preparedFolderName(new Date(Date.now() - days * DAY), fileName));
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'part-00001.json'), '{}\n');
  await writeFile(path.join(dir, 'summary.json'), '{"status":"completed"}\n');
  await age(dir, days);
  return dir;
}

/** A streaming run's folder whose journal (run, records, `end` unless undefined) was last written `days` ago. */
async function streamRun(jobsDir: string, name: string, end: 'finished' | 'cancelled' | 'failed' | undefined, days: number, source = '/gone'): Promise<string> {
  const dir = path.join(jobsDir, `stream-${name}`);
  await mkdir(dir, { recursive: true });
  const at = new Date(Date.now() - days * DAY).toISOString();
  const lines: unknown[] = [
    { t: 'run', source, fingerprint: 'f', format: 'json', datasetId: 'd', target: 'local|o|prod', validation: 'none', at },
    { t: 'total', total: 1 },
    { t: 'sending', indexes: [1] },
    { t: 'answered', results: [{ index: 1, status: 'accepted' }] },
  ];
  if (end) lines.push({ t: 'end', outcome: end });
  const journal = path.join(dir, 'journal.jsonl');
  await writeFile(journal, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  await age(journal, days);
  return dir;
}

describe('retention of the jobs folder at start', () => {
  it('removes old succeeded uploads, ended streams and unused prepared outputs; keeps what is running, unfinished, young or still read', async () => {
    const jobsDir = path.join(root, 'home', 'jobs');
    await mkdir(jobsDir, { recursive: true });

    const gone = {
      upload: await journalOf(jobsDir, 'upload-old-ok', 'success', 40),
      finished: await streamRun(jobsDir, 'old-finished', 'finished', 40),
      cancelled: await streamRun(jobsDir, 'old-cancelled', 'cancelled', 40),
      failed: await streamRun(jobsDir, 'old-failed', 'failed', 40),
      unused: await prepared(jobsDir, 'unused.csv', 40),
      // Its only reader is an old succeeded upload, which goes in the same sweep.
      readByOldUpload: await prepared(jobsDir, 'old-upload.csv', 40),
      // A run killed before its summary: partial parts are no use to anyone.
      partial: await prepared(jobsDir, 'killed.csv', 40),
    };
    await journalOf(jobsDir, 'upload-old-ok-reader', 'success', 40, gone.readByOldUpload);
    await rm(path.join(gone.partial, 'summary.json'));
    await age(gone.partial, 40);

    const readByInterrupted = await prepared(jobsDir, 'interrupted.csv', 40);
    const readByFailed = await prepared(jobsDir, 'failed.csv', 40);
    const readLately = await prepared(jobsDir, 'lately.csv', 40);
    const streamedInterrupted = await prepared(jobsDir, 'streamed.csv', 40);
    const kept = {
      youngUpload: await journalOf(jobsDir, 'upload-young-ok', 'success', 2),
      interruptedUpload: await journalOf(jobsDir, 'upload-old-interrupted', 'none', 40, readByInterrupted),
      failedUpload: await journalOf(jobsDir, 'upload-old-failed', 'failed', 40, readByFailed),
      lateUpload: await journalOf(jobsDir, 'upload-late-ok', 'success', 1, path.join(readLately, 'part-00001.json')),
      youngStream: await streamRun(jobsDir, 'young-finished', 'finished', 2),
      interruptedStream: await streamRun(jobsDir, 'old-interrupted', undefined, 40, streamedInterrupted),
      runningStream: await streamRun(jobsDir, 'old-running', 'finished', 40),
      youngPrepared: await prepared(jobsDir, 'young.csv', 2),
      readByInterrupted,
      readByFailed,
      readLately,
      streamedInterrupted,
    };
    // Not a prepare job's folder: a steward's notes beside the jobs, however old.
    const notes = path.join(jobsDir, 'my-notes');
    await mkdir(notes);
    await writeFile(path.join(notes, 'read-me.txt'), 'mine\n');
    await age(notes, 400);
    // A link named like a prepared folder, to an old folder outside the jobs folder: neither goes.
    const outside = path.join(root, 'outside', 'data');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'keep.txt'), 'keep\n');
    await age(outside, 400);
    const link = path.join(jobsDir, preparedFolderName(new Date(Date.now() - 400 * DAY), 'link.csv'));
    await symlink(outside, link);

    // `xdm-loader stream` holds that old run's lock: it is going on, whatever its journal says.
    const holder = await tryLockInChild(path.join(kept.runningStream, STREAM_LOCK_FILE));
    try {
      expect(holder.line).toBe('held');
      await createUploadHistory({ jobsDir, retention: { maxAgeMs: 30 * DAY } }).ready();
    } finally {
      await holder.stop();
    }

    for (const [what, dir] of Object.entries(gone)) expect({ what, there: await exists(dir) }).toEqual({ what, there: false });
    for (const [what, dir] of Object.entries(kept)) expect({ what, there: await exists(dir) }).toEqual({ what, there: true });
    expect(await exists(path.join(notes, 'read-me.txt'))).toBe(true);
    expect(await exists(link)).toBe(true);
    expect(await exists(path.join(outside, 'keep.txt'))).toBe(true);
  });

  it('keeps every folder when retention is off, and does nothing without a jobs folder', async () => {
    const jobsDir = path.join(root, 'off', 'jobs');
    await mkdir(jobsDir, { recursive: true });
    const old = [
      await journalOf(jobsDir, 'upload-old-ok', 'success', 90),
      await streamRun(jobsDir, 'old', 'finished', 90),
      await prepared(jobsDir, 'a.csv', 90),
    ];
    await createUploadHistory({ jobsDir, retention: false }).ready();
    for (const dir of old) expect(await exists(dir)).toBe(true);
    await createUploadHistory({ jobsDir: path.join(root, 'nope', 'jobs'), retention: { maxAgeMs: 0 } }).ready();
    expect(await exists(path.join(root, 'nope'))).toBe(false);
  });
});
