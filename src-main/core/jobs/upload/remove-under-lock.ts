import { rm } from 'node:fs/promises';
import { isAppError } from '../../../../src-shared/domain/errors';
import { acquireJobLock } from './job-lock';

/**
 * Removes a job folder under the job's own lock, if `stillRemovable` (asked once the lock is held)
 * says so; false when a run holds the lock (here or in another process) or the folder must stay.
 * Why under the lock: a run starting now (the CLI, `again`) cannot take the folder as it goes, and
 * the journal read again under it may hold what the run appended since the listing.
 */
export async function removeUnderLock(jobDir: string, lockFile: string, stillRemovable: () => Promise<boolean>): Promise<boolean> {
  let lock;
  try {
    lock = await acquireJobLock(lockFile);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') return false;
    throw error;
  }
  try {
    const remove = await stillRemovable();
    if (remove) await rm(jobDir, { recursive: true, force: true });
    return remove;
  } finally {
    await lock.release();
  }
}
