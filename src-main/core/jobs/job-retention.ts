import { lastWritten, pruneStreamRuns } from './stream/stream-retention';
import { listLocalStreams } from './stream/local-streams';
import { prunePreparedOutputs, type PreparedFolderUser } from './prepare/prepared-retention';
import { listLocalUploads, pruneUploadJobs } from './upload/index';

/**
 * Retention of the jobs folder (the Settings screen's "days"), run when the app starts: succeeded
 * uploads (upload/retention.ts), ended streaming runs (stream/stream-retention.ts), then prepared
 * outputs no kept job still reads (prepare/prepared-retention.ts), each older than the age.
 * Why in this order: a prepared folder's readers are known only once the jobs that go are gone,
 * and a job kept (interrupted, failed, running) keeps the folder it reads.
 */
export interface JobRetentionReport {
  uploads: string[];
  streams: string[];
  prepared: string[];
}

export async function pruneJobFolders(jobsDir: string, options: { maxAgeMs: number; now?: number }): Promise<JobRetentionReport> {
  if (!(options.maxAgeMs >= 0)) throw new RangeError('maxAgeMs must be a non-negative number');
  const now = options.now ?? Date.now();
  const cutoff = now - options.maxAgeMs;
  const uploads = await pruneUploadJobs(jobsDir, { maxAgeMs: options.maxAgeMs, now });
  const streams = await pruneStreamRuns(jobsDir, cutoff);
  const [keptUploads, keptStreams] = await Promise.all([listLocalUploads(jobsDir), listLocalStreams(jobsDir)]);
  const users: PreparedFolderUser[] = [
    ...keptUploads.map((u) => ({ input: u.input, active: u.outcome !== 'succeeded', lastUsedAt: u.updatedAt })),
    ...(await Promise.all(
      keptStreams.map(async (s) => ({
        input: s.input,
        active: s.outcome === 'running' || s.outcome === 'interrupted',
        lastUsedAt: await lastWritten(s.jobDir),
      })),
    )),
  ];
  const prepared = await prunePreparedOutputs(jobsDir, { cutoff, users });
  return { uploads: uploads.removed, streams: streams.removed, prepared: prepared.removed };
}
