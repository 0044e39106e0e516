import path from 'node:path';
import type { PartFormat } from '../prepare/prepare-types';
import { lockHolder } from '../upload/job-lock';
import { readJournal } from '../upload/journal';
import { listJobFolders } from '../upload/local-uploads';
import { STREAM_DIR_PREFIX, STREAM_JOURNAL_FILE, STREAM_LOCK_FILE, type StreamEnd, type StreamJournalRecord } from './stream-journal';
import type { StreamValidation } from './stream-types';

/**
 * The streaming runs on this machine (the app's and `xdm-loader stream`'s), read back from their journals.
 * Why `running` comes from the lock: a run without an end is either going on (its lock is held,
 * in this process or another) or was cut by a crash or a kill, and then its `sending` records
 * without an answer are records that may have arrived.
 */
export interface LocalStream {
  jobDir: string;
  input: string;
  fingerprint: string;
  format: PartFormat;
  datasetId: string;
  target: string;
  validation: StreamValidation;
  startedAt: string;
  /** Records the run set out to send; undefined when it ended before reading them all (over the limit, unreadable). */
  total?: number;
  accepted: number;
  received: number;
  rejected: number;
  /** Records sent whose answer the journal does not hold (a run cut mid-request): they may be in the dataset. */
  unanswered: number;
  /** How the run ended; `running` while its lock is held, `interrupted` when it ended without a word. */
  outcome: StreamEnd | 'running' | 'interrupted';
  /** The end's message (why it failed, what a cancel had sent). */
  message?: string;
}

/** One run's folder, or undefined when it holds no journal with a run. */
export async function readLocalStream(jobDir: string): Promise<LocalStream | undefined> {
  const records = await readJournal<StreamJournalRecord>(path.join(jobDir, STREAM_JOURNAL_FILE)).catch((): StreamJournalRecord[] => []);
  const run = records.find((r): r is Extract<StreamJournalRecord, { t: 'run' }> => r.t === 'run');
  if (!run) return undefined;
  const counts = { accepted: 0, received: 0, rejected: 0 };
  const sent = new Set<number>();
  const answered = new Set<number>();
  let total: number | undefined;
  let end: Extract<StreamJournalRecord, { t: 'end' }> | undefined;
  for (const r of records) {
    if (r.t === 'total') total = r.total;
    else if (r.t === 'sending') r.indexes.forEach((i) => sent.add(i));
    else if (r.t === 'answered') {
      for (const result of r.results) {
        if (answered.has(result.index)) continue;
        answered.add(result.index);
        counts[result.status] += 1;
      }
    } else if (r.t === 'end') end = r;
  }
  const unanswered = [...sent].filter((i) => !answered.has(i)).length;
  const held = end === undefined && (await lockHolder(path.join(jobDir, STREAM_LOCK_FILE))) !== undefined;
  return {
    jobDir,
    input: run.source,
    fingerprint: run.fingerprint,
    format: run.format,
    datasetId: run.datasetId,
    target: run.target,
    validation: run.validation,
    startedAt: run.at,
    ...(total !== undefined ? { total } : {}),
    ...counts,
    unanswered,
    outcome: end?.outcome ?? (held ? 'running' : 'interrupted'),
    ...(end?.message !== undefined ? { message: end.message } : {}),
  };
}

/** Every streaming run under `jobsDir`, newest first. */
export function listLocalStreams(jobsDir: string): Promise<LocalStream[]> {
  return listJobFolders(jobsDir, STREAM_DIR_PREFIX, readLocalStream);
}
