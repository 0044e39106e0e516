import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acquireJobLock, lockHolder } from '../../../../src-main/core/jobs/upload/job-lock';
import { type LockChild, tryLockInChild } from './lock-holder';

/**
 * The upload job's lock is the operating system's: released the moment its holder dies (kill -9
 * included), taken in one step (no window between creating it and owning it), judged by the lock
 * itself and never by a pid.
 */
let dir: string;
const children: LockChild[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xdm-job-lock-'));
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tryInChild(file: string): Promise<LockChild> {
  const c = await tryLockInChild(file);
  children.push(c);
  return c;
}

describe('upload job lock', () => {
  it('a holder killed with SIGKILL frees the lock at once: a new run starts, no pid judged', async () => {
    const file = path.join(dir, 'killed.lock');
    const holder = await tryInChild(file);
    expect(holder.line).toBe('held');
    expect(await lockHolder(file)).toBe(holder.process.pid);
    await expect(acquireJobLock(file)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `This upload is already running in process ${String(holder.process.pid)}; wait for it, or stop it first.`,
    });
    await holder.stop();
    // Its pid note is left behind (it could not clean up): it decides nothing.
    const lock = await acquireJobLock(file);
    expect(await lockHolder(file)).toBe(process.pid);
    await lock.release();
    expect(await lockHolder(file)).toBeUndefined();
  }, 60_000);

  it('a pid note of a live process (a reused pid) does not hold the lock', async () => {
    const file = path.join(dir, 'reused.lock');
    // A lock file some run used, and a note naming a process that is alive and holds nothing.
    await (await acquireJobLock(file)).release();
    await writeFile(`${file}.pid`, String(process.ppid));
    expect(await lockHolder(file)).toBeUndefined();
    const lock = await acquireJobLock(file);
    expect(await lockHolder(file)).toBe(process.pid);
    await lock.release();
  });

  it('of runs started at the same moment, exactly one holds the lock', async () => {
    const file = path.join(dir, 'race.lock');
    const lines = (await Promise.all([1, 2, 3, 4].map(() => tryInChild(file)))).map((r) => r.line);
    expect(lines.filter((l) => l === 'held')).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('busy This upload is already running'))).toHaveLength(3);
  }, 60_000);

  it('two connections of one process exclude each other too (worker threads, the retention sweep)', async () => {
    const file = path.join(dir, 'same-process.lock');
    const first = await acquireJobLock(file);
    await expect(acquireJobLock(file)).rejects.toMatchObject({ code: 'CONFLICT' });
    await first.release();
    await (await acquireJobLock(file)).release();
  });
  it('stays held until released, even when the caller keeps no reference to it', async () => {
    const file = path.join(dir, 'dropped.lock');
    // A holder that keeps only the process alive, as a child that awaits nothing else would.
    await acquireJobLock(file);
    // Collected, the connection would close and drop the lock with it: force the collection.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(await lockHolder(file)).toBe(process.pid);
    await expect(acquireJobLock(file)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
