import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Who uses a data folder now: every app, browser-mode host and command holds a shared lock on
 * `<dataDir>/in-use.lock` while it runs; the copy into a newly chosen folder (data-folder-copy.ts)
 * waits until nobody holds it.
 * Why: a copy made while another process writes there (a job's journal, the Local sandbox's
 * database) would be torn, and what that process writes afterwards would be missing from the new
 * folder. Why SQLite's locks (as job-lock.ts): shared ones coexist, an exclusive one is refused
 * while any is held, and the kernel drops them when their holder dies however it dies.
 */
export const IN_USE_FILE = 'in-use.lock';

/**
 * The connections that hold a folder, until released.
 * Why: a connection the garbage collector takes is closed, and its lock with it; a caller that
 * drops the returned function (the CLI holds its folder for the whole run) lost the lock at the
 * next full collection.
 */
const holding = new Set<Database.Database>();

/** Holds a shared lock on `dir` for as long as this process runs, or until the returned function is called. */
export function holdDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(path.join(dir, IN_USE_FILE), { timeout: 1000 });
    db.exec('BEGIN');
    // A read inside the open transaction takes the shared lock, and keeps it until the end.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db?.close();
    // Not holding it only weakens the copy's wait; a start must not fail for it.
    console.error(`[data-folder] cannot mark ${dir} as in use: ${(error as Error).message}`);
    return () => undefined;
  }
  const held = db;
  holding.add(held);
  return () => {
    if (held.open) held.close();
    holding.delete(held);
  };
}

/**
 * Whether any process (this one included) holds `dir`'s lock now. A lock file nobody can hold (not
 * a database, gone meanwhile) is held by nobody: it must not stop a start.
 */
export function dataFolderInUse(dir: string): boolean {
  const file = path.join(dir, IN_USE_FILE);
  if (!existsSync(file)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true });
    db.exec('BEGIN EXCLUSIVE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'SQLITE_BUSY';
  } finally {
    db?.close();
  }
}
