import { open, readFile, rm } from 'node:fs/promises';
import { AppError } from '../../../../src-shared/domain/errors';

/**
 * One process per upload job at a time: a lock file holding the owner's pid.
 * Why: two runs of the same job would both append to one journal and both send the same parts;
 * a lock left by a killed run (its pid is gone) is taken over, since that is exactly the resume case.
 */
export interface JobLock {
  release(): Promise<void>;
}

export async function acquireJobLock(file: string): Promise<JobLock> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
      throw new AppError('CONFLICT', `This upload is already running in process ${owner}; wait for it, or stop it first.`);
    }
    // The owner died (kill -9, crash) or the file is empty: the lock is stale.
    await rm(file, { force: true });
  }
  throw new AppError('CONFLICT', 'Could not lock the upload job folder; another run keeps taking it.');
}

/**
 * The live process holding a job's lock (possibly this one), or undefined when it is free or stale.
 * Why a listing needs it: an upload run by `xdm-loader upload` in another process is running, not
 * interrupted, although no app job owns it.
 */
export async function lockHolder(file: string): Promise<number | undefined> {
  const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  return Number.isInteger(owner) && owner > 0 && (owner === process.pid || alive(owner)) ? owner : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
