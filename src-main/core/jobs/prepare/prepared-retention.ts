import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { isPreparedFolderName } from './prepared-folder';

/** A job that read a prepared folder (an upload or a streaming run), as its journal tells it. */
export interface PreparedFolderUser {
  /** The job's input: the folder, or a file in it. */
  input: string;
  /** Whether the job may still need it: running, interrupted, aborted, or its batch failed. */
  active: boolean;
  /** When the job's journal was last written (ms since the epoch). */
  lastUsedAt: number;
}

/**
 * Retention of prepare jobs' output folders (`<jobsDir>/<ISO time>-<file name>`): one last written
 * before `cutoff`, and read by no job since, is removed with its parts, rejects and warnings.
 * Why never one an unfinished job reads: an interrupted upload resumes from it, and a failed batch's
 * fix starts from its records. Why the last use counts: a folder prepared long ago and uploaded
 * yesterday is in use. Why only folders named as prepare names them, never a link: retention must
 * not reach outside the app's own outputs. A prepare job running now writes a folder created now.
 */
export async function prunePreparedOutputs(
  jobsDir: string,
  options: { cutoff: number; users: readonly PreparedFolderUser[] },
): Promise<{ removed: string[]; kept: number }> {
  const entries = await readdir(jobsDir, { withFileTypes: true }).catch(() => []);
  const folders = entries.filter((e) => e.isDirectory() && isPreparedFolderName(e.name)).map((e) => path.join(jobsDir, e.name));
  const removed: string[] = [];
  for (const dir of folders) {
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory() || info.mtimeMs >= options.cutoff) continue;
    const names = new Set([dir, await realpath(dir).catch(() => dir)]);
    const readers = options.users.filter((u) => [...names].some((name) => isWithin(path.resolve(u.input), name)));
    if (readers.some((u) => u.active || u.lastUsedAt >= options.cutoff)) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return { removed, kept: folders.length - removed.length };
}

function isWithin(target: string, folder: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
