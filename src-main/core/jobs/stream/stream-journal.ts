import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { PartFormat } from '../prepare/prepare-types';
import { acquireJobLock, type JobLock } from '../upload/job-lock';
import { openJournal, type Journal } from '../upload/journal';
import type { StreamRecordResult, StreamValidation } from './stream-types';

/**
 * The journal of a streaming run: one folder per run under the jobs folder, `stream-<time>-<id>`,
 * holding `journal.jsonl` and the run's lock.
 * Why a journal although a stream is never resumed: a streamed record cannot be taken back, so
 * the steward must be able to tell, after the window closed or the app crashed, which records of
 * which file went to which dataset, and which AEP refused; and a later batch upload of the same
 * records must be warned that they are there already. Why written like the upload journal
 * (appended, fsync'd, `sending` before the request and `answered` after): a crash mid-request
 * leaves the records that may have arrived named as such, never counted as not sent.
 */
export type StreamJournalRecord =
  | {
      t: 'run';
      /** The real path of the file or prepared folder streamed. */
      source: string;
      /** Its content fingerprint (upload-input.ts): the same records uploaded as a batch are recognised by it. */
      fingerprint: string;
      format: PartFormat;
      datasetId: string;
      /** The target key (target-key.ts). */
      target: string;
      validation: StreamValidation;
      at: string;
    }
  /** The records were read: how many the run sends (a set over the limit ends the run before this). */
  | { t: 'total'; total: number }
  /** Written before a request: these records (1-based) may have arrived from now on. */
  | { t: 'sending'; indexes: number[] }
  /** Written once the inlet answered, or when a record was refused before sending (too large). */
  | { t: 'answered'; results: Array<Pick<StreamRecordResult, 'index' | 'status' | 'statusCode' | 'message'>> }
  | { t: 'end'; outcome: StreamEnd; message?: string };

/** How a run ended: every record answered, stopped by the steward, or stopped by an error. */
export type StreamEnd = 'finished' | 'cancelled' | 'failed';

export const STREAM_DIR_PREFIX = 'stream-';
export const STREAM_JOURNAL_FILE = 'journal.jsonl';
export const STREAM_LOCK_FILE = 'job.lock';

/** What streamRecords tells the journal as it goes; each write is on disk before the run goes on. */
export interface StreamLog {
  total(total: number): Promise<void>;
  sending(indexes: readonly number[]): Promise<void>;
  answered(results: readonly StreamRecordResult[]): Promise<void>;
}

export interface StreamRunJournal extends StreamLog {
  readonly jobDir: string;
  /** Writes how the run ended, closes the journal and releases the lock. */
  end(outcome: StreamEnd, message?: string): Promise<void>;
}

/** A new run's folder name: sortable by time, unique with a random tail. */
function runFolderName(at: Date): string {
  return `${STREAM_DIR_PREFIX}${at.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Opens the journal of a new streaming run in `jobsDir` and writes its first record.
 * The lock is held until `end`: a listing tells a run going on (in any process) from one a crash cut.
 */
export async function openStreamJournal(
  jobsDir: string,
  run: Omit<Extract<StreamJournalRecord, { t: 'run' }>, 't' | 'at'>,
  at = new Date(),
): Promise<StreamRunJournal> {
  const jobDir = path.join(jobsDir, runFolderName(at));
  await mkdir(jobDir, { recursive: true });
  const lock: JobLock = await acquireJobLock(path.join(jobDir, STREAM_LOCK_FILE));
  let journal: Journal<StreamJournalRecord>;
  try {
    journal = await openJournal<StreamJournalRecord>(path.join(jobDir, STREAM_JOURNAL_FILE));
    await journal.append({ t: 'run', ...run, at: at.toISOString() });
  } catch (error) {
    await lock.release();
    throw error;
  }
  return {
    jobDir,
    total: (total) => journal.append({ t: 'total', total }),
    sending: (indexes) => journal.append({ t: 'sending', indexes: [...indexes] }),
    answered: (results) =>
      journal.append({
        t: 'answered',
        results: results.map((r) => ({
          index: r.index,
          status: r.status,
          ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
          ...(r.message !== undefined ? { message: r.message } : {}),
        })),
      }),
    async end(outcome, message) {
      try {
        await journal.append({ t: 'end', outcome, ...(message !== undefined ? { message } : {}) });
        await journal.close();
      } finally {
        await lock.release();
      }
    },
  };
}
