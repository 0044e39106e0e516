import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '../../../../src-shared/domain/errors';
import { acquireJobLock } from './job-lock';
import { listLocalUploads, LOCK_FILE, readLocalUpload } from './local-uploads';

/**
 * Retention of upload job folders: succeeded jobs older than an age are removed.
 * Why only succeeded ones: an interrupted, aborted or running job's journal is what resumes it,
 * and a failed one holds the failed records someone has to look at. Why not keep everything: each
 * job keeps its journal, batch reports and failed records, and a steward loading daily files would
 * fill the data folder. The cost, stated: once a job's folder is gone, running the very same
 * upload again sends a new batch instead of reporting the old one.
 */
export const DEFAULT_UPLOAD_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface PruneOptions {
  /** Succeeded jobs whose journal was last written longer ago than this are removed. */
  maxAgeMs: number;
  now?: number;
}

export interface PruneReport {
  removed: string[];
  kept: number;
}

export async function pruneUploadJobs(jobsDir: string, options: PruneOptions): Promise<PruneReport> {
  if (!(options.maxAgeMs >= 0)) throw new RangeError('maxAgeMs must be a non-negative number');
  const cutoff = (options.now ?? Date.now()) - options.maxAgeMs;
  const removed: string[] = [];
  const uploads = await listLocalUploads(jobsDir);
  for (const upload of uploads) {
    if (upload.outcome !== 'succeeded' || upload.updatedAt >= cutoff) continue;
    // Under the job's own lock, so a run starting now (the CLI, `again`) is not removed from under it.
    let lock;
    try {
      lock = await acquireJobLock(path.join(upload.jobDir, LOCK_FILE));
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') continue;
      throw error;
    }
    let remove = false;
    try {
      // Read again under the lock: a run may have appended since the listing.
      const current = await readLocalUpload(upload.jobDir);
      remove = current?.outcome === 'succeeded' && current.updatedAt < cutoff;
      // Still under the lock, so a run starting now cannot take the folder as it goes.
      if (remove) await rm(upload.jobDir, { recursive: true, force: true });
    } finally {
      await lock.release();
    }
    if (remove) removed.push(upload.jobDir);
  }
  return { removed, kept: uploads.length - removed.length };
}
