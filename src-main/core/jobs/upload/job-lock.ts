import { readFile, rm, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { AppError } from '../../../../src-shared/domain/errors';

/**
 * One process per upload job at a time: an exclusive SQLite transaction held open on the job's
 * lock file for as long as the job runs.
 *
 * Why SQLite's lock and not a file holding a pid: the pid lock had a window between creating the
 * file and writing the pid (two processes ran one job once, on a slow file system), and it judged
 * its holder by pid (a resume right after a kill -9 was refused while the killed process was still
 * dying; a pid reused after a reboot blocked it too). `BEGIN EXCLUSIVE` takes an fcntl lock on the
 * file in one step, the kernel releases it when its holder dies however it dies, and SQLite tracks
 * locks between connections of one process too (the app's worker threads, the retention sweep).
 * Why better-sqlite3: it is already a dependency (the Local sandbox's store), installs prebuilt and
 * works in the workers; an npm `flock` binding would be one more native module.
 * A pid is written beside the lock (`<file>.pid`) to say who holds it, never to decide whether it is held.
 */
export interface JobLock {
  release(): Promise<void>;
}

/**
 * Every connection that holds a lock, until released.
 * Why: the lock lives as long as its connection, and a connection the garbage collector takes is
 * closed, which drops the lock. A caller that kept only the process alive (a run that awaits
 * nothing else) lost its lock at the next full collection, and a second run could start.
 */
const held = new Set<Database.Database>();

export async function acquireJobLock(file: string): Promise<JobLock> {
  const db = new Database(file, { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
    const owner = await readOwner(file);
    throw new AppError(
      'CONFLICT',
      `This upload is already running${owner !== undefined && owner !== process.pid ? ` in process ${owner}` : ''}; wait for it, or stop it first.`,
    );
  }
  held.add(db);
  await writeFile(`${file}.pid`, String(process.pid)).catch(() => undefined);
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await rm(`${file}.pid`, { force: true });
      // Closing the connection ends the transaction and drops the lock.
      db.close();
      held.delete(db);
    },
  };
}

/**
 * The process holding a job's lock (possibly this one), or undefined when nobody holds it.
 * Whether it is held is asked of the lock itself (a read fails while another connection holds
 * it exclusively); the pid only names the holder, 0 when its note is missing.
 * Why a listing needs it: an upload run by `xdm-loader upload` in another process is running, not
 * interrupted, although no app job owns it.
 */
export async function lockHolder(file: string): Promise<number | undefined> {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0, readonly: true, fileMustExist: true });
  } catch {
    return undefined; // No lock file: no run has held it.
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') return undefined;
    return (await readOwner(file)) ?? 0;
  } finally {
    db.close();
  }
}

async function readOwner(file: string): Promise<number | undefined> {
  const owner = Number((await readFile(`${file}.pid`, 'utf8').catch(() => '')).trim());
  return Number.isInteger(owner) && owner > 0 ? owner : undefined;
}
