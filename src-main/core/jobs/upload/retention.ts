import path from 'node:path';
import { listLocalUploads, LOCK_FILE, readLocalUpload } from './local-uploads';
import { removeUnderLock } from './remove-under-lock';

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
    // Read again under the job's own lock: a run may have appended since the listing.
    const remove = await removeUnderLock(upload.jobDir, path.join(upload.jobDir, LOCK_FILE), async () => {
      const current = await readLocalUpload(upload.jobDir);
      return current?.outcome === 'succeeded' && current.updatedAt < cutoff;
    });
    if (remove) removed.push(upload.jobDir);
  }
  return { removed, kept: uploads.length - removed.length };
}
