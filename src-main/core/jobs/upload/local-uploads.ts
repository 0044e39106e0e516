import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PartFormat } from '../prepare/prepare-types';
import { readJournal, type JournalRecord } from './journal';
import { foldJournal, type RunState } from './journal-state';

/**
 * The upload jobs on this machine, read back from their journals (the app's and the CLI's).
 * Why from the journal: it is the only record that survives a crash or a closed window, so it
 * is what tells an interrupted upload from a finished one, and which batches a job sent.
 */

/** How the latest run of a job ended, as its journal says (whether it runs now is not the journal's to say). */
export type RunOutcome = 'succeeded' | 'failed' | 'aborted' | 'unfinished';

export interface LocalUploadBatch {
  batchId: string;
  run: number;
  recordsExpected: number;
  /** ISO start of the run that sent it. */
  startedAt: string;
  /**
   * What the journal last knew: the final status, `aborted`, why its group was reset, else
   * `processing` once COMPLETE went through and `loading` before.
   */
  status: string;
  /** True once the journal holds the batch's terminal status. */
  final: boolean;
  recordsWritten?: number;
  recordsFailed?: number;
}

/**
 * One run of a job: the first upload, a resume goes on in the same run, "upload again" starts a new one.
 * Why runs are listed apart: each run sent its own batches at its own time, and a steward who sent
 * the same file twice must see two uploads, not one whose batches changed.
 */
export interface LocalUploadRun {
  run: number;
  /** The run's input (a prepared folder or an XDM file). */
  input: string;
  /** ISO start of the run. */
  startedAt: string;
  recordsExpected: number;
  outcome: RunOutcome;
  batches: LocalUploadBatch[];
}

export interface LocalUpload {
  jobDir: string;
  /** The latest run's input (a prepared folder or an XDM file), its dataset and start. */
  input: string;
  datasetId: string;
  startedAt: string;
  /** The latest run's target key (target-key.ts); absent in older journals. */
  target?: string;
  /** The latest run's input fingerprint (upload-input.ts); absent in older journals. */
  fingerprint?: string;
  /** How the records were written: JSON (Lines or an array) or Parquet. */
  format: PartFormat;
  recordsExpected: number;
  outcome: RunOutcome;
  /** The latest run's batches. */
  latestBatches: LocalUploadBatch[];
  /** Every run's batches (an upload sent `again` keeps its earlier ones). */
  batches: LocalUploadBatch[];
  /** Every run, oldest first (the last is the latest run above). */
  runs: LocalUploadRun[];
  /** Last write to the journal, ms since the epoch. */
  updatedAt: number;
}

export const JOURNAL_FILE = 'journal.jsonl';
/** The job's lock (job-lock.ts: an SQLite file). */
export const LOCK_FILE = 'job.lock';
/**
 * The pid-holding lock file of earlier versions. Never read (a pid says nothing about who holds a
 * job); a run removes it once it holds the job's lock, so no folder keeps a lock that looks held.
 */
export const LEGACY_LOCK_FILE = 'lock';
export const JOB_DIR_PREFIX = 'upload-';

/** One job folder, or undefined when it holds no journal with a run. */
export async function readLocalUpload(jobDir: string): Promise<LocalUpload | undefined> {
  const file = path.join(jobDir, JOURNAL_FILE);
  const [records, info] = await Promise.all([readJournal(file).catch((): JournalRecord[] => []), stat(file).catch(() => undefined)]);
  const latest = foldJournal(records);
  if (!latest || !info) return undefined;
  const runs = new Map<number, Extract<JournalRecord, { t: 'run' }>>();
  const byGroup = new Map<string, Omit<LocalUploadBatch, 'status' | 'final'> & { status?: string; completed?: boolean; final?: boolean }>();
  for (const r of records) {
    if (r.t === 'run') {
      runs.set(r.run, r);
      continue;
    }
    if (!('group' in r)) continue;
    const key = `${r.run}:${r.group}`;
    const run = runs.get(r.run);
    if (r.t === 'batch-created' && run) {
      const recordsExpected = run.parts.filter((p) => p.group === r.group).reduce((n, p) => n + p.rows, 0);
      byGroup.set(key, { batchId: r.batchId, run: r.run, recordsExpected, startedAt: run.at });
    }
    const entry = byGroup.get(key);
    if (r.t === 'batch-completed' && entry) entry.completed = true;
    if (r.t === 'batch-final' && entry)
      Object.assign(entry, { status: r.status, final: true, recordsWritten: r.recordsWritten, recordsFailed: r.recordsFailed });
    if (r.t === 'batch-aborted' && entry) entry.status = 'aborted';
    // A reset group's batch was given up; the next batch-created replaces it.
    if (r.t === 'group-reset' && entry) entry.status ??= r.reason;
  }
  const run = runs.get(latest.run);
  if (!run) return undefined;
  const batches: LocalUploadBatch[] = [...byGroup.values()].map(({ completed, ...b }) => ({
    ...b,
    status: b.status ?? (completed ? 'processing' : 'loading'),
    final: b.final ?? false,
  }));
  return {
    jobDir,
    input: run.source,
    datasetId: run.datasetId,
    startedAt: run.at,
    ...(run.target !== undefined ? { target: run.target } : {}),
    ...(run.fingerprint !== undefined ? { fingerprint: run.fingerprint } : {}),
    format: run.format,
    recordsExpected: run.parts.reduce((n, p) => n + p.rows, 0),
    outcome: runOutcome(latest),
    latestBatches: batches.filter((b) => b.run === latest.run),
    batches,
    runs: [...runs.values()].map((r) => {
      // Each run folded on its own: the fold keeps only the latest run of what it is given.
      const state = foldJournal(records.filter((x) => x.run === r.run));
      return {
        run: r.run,
        input: r.source,
        startedAt: r.at,
        recordsExpected: r.parts.reduce((n, p) => n + p.rows, 0),
        outcome: state ? runOutcome(state) : 'unfinished',
        batches: batches.filter((b) => b.run === r.run),
      };
    }),
    updatedAt: info.mtimeMs,
  };
}

/** How a run ended: every batch final (all succeeded or not), else cancelled, else not yet. */
function runOutcome(state: RunState): RunOutcome {
  const finals = state.groups.map((g) => g.final);
  if (finals.every((f) => f !== undefined)) return finals.every((f) => f?.status === 'success') ? 'succeeded' : 'failed';
  return state.groups.some((g) => g.aborted) ? 'aborted' : 'unfinished';
}

/**
 * The job folders under `jobsDir` whose name starts with `prefix`, each read by `read` (undefined:
 * no journal with a run), newest start first. Streaming runs are listed the same way (local-streams.ts).
 */
export async function listJobFolders<T extends { startedAt: string }>(
  jobsDir: string,
  prefix: string,
  read: (jobDir: string) => Promise<T | undefined>,
): Promise<T[]> {
  let names: string[];
  try {
    names = (await readdir(jobsDir)).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const jobs = await Promise.all(names.map((name) => read(path.join(jobsDir, name))));
  return jobs.filter((j): j is Awaited<T> => j !== undefined).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Every job folder under `jobsDir` that holds a journal, newest run first. */
export function listLocalUploads(jobsDir: string): Promise<LocalUpload[]> {
  return listJobFolders(jobsDir, JOB_DIR_PREFIX, readLocalUpload);
}
