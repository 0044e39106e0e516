import { stat } from 'node:fs/promises';
import path from 'node:path';
import { removeUnderLock } from '../upload/remove-under-lock';
import { listLocalStreams, readLocalStream } from './local-streams';
import { STREAM_JOURNAL_FILE, STREAM_LOCK_FILE } from './stream-journal';

/**
 * Retention of streaming runs' folders: a run that ended (finished, cancelled or failed) and whose
 * journal was last written before `cutoff` is removed.
 * Why only ended runs: a run without an end is either going on (its lock is held, here or in
 * `xdm-loader stream`) or was cut by a crash, and then its journal is the only account of the
 * records that may have arrived unanswered; the steward has to read it before it may go.
 * Why under the run's lock: a run that holds it is going on, whatever its journal says.
 */
export async function pruneStreamRuns(jobsDir: string, cutoff: number): Promise<{ removed: string[]; kept: number }> {
  const removed: string[] = [];
  const runs = await listLocalStreams(jobsDir);
  for (const run of runs) {
    if (!ended(run.outcome) || (await lastWritten(run.jobDir)) >= cutoff) continue;
    // Read again under the run's lock: the listing may be older than the run.
    const remove = await removeUnderLock(run.jobDir, path.join(run.jobDir, STREAM_LOCK_FILE), async () => {
      const current = await readLocalStream(run.jobDir);
      return current !== undefined && ended(current.outcome) && (await lastWritten(run.jobDir)) < cutoff;
    });
    if (remove) removed.push(run.jobDir);
  }
  return { removed, kept: runs.length - removed.length };
}

const ended = (outcome: string): boolean => outcome === 'finished' || outcome === 'cancelled' || outcome === 'failed';

/** When the run's journal was last written (ms since the epoch); +Infinity when it cannot be read, so it is kept. */
export async function lastWritten(jobDir: string): Promise<number> {
  const info = await stat(path.join(jobDir, STREAM_JOURNAL_FILE)).catch(() => undefined);
  return info?.mtimeMs ?? Number.POSITIVE_INFINITY;
}
