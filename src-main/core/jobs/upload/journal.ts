import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../../files/make-folder';
import type { PartFormat } from '../prepare/prepare-types';
import type { PlannedPart } from './batch-plan';

/**
 * The upload journal: one JSON object per line, each appended and fsync'd before the step it
 * records is relied upon.
 * Why append-only JSON Lines: a kill -9 can only cut the last line short, never damage what
 * was written before it; reading drops a torn tail, and reopening truncates it so the next line
 * starts clean. Intent is written before a non-idempotent call (`batch-creating` carries the
 * externalId), outcomes after the server confirmed them, so a resume knows what may have happened.
 */
export type JournalRecord =
  | {
      t: 'run';
      run: number;
      key: string;
      source: string;
      /**
       * The input's content fingerprint (upload-input.ts), so that the same records sent another
       * way (streaming) are recognised. Absent in journals written before it was recorded.
       */
      fingerprint?: string;
      datasetId: string;
      /**
       * The target key (target-key.ts) the run was sent to, so a listing can name the connection
       * to resume it with. Absent in journals written before it was recorded.
       */
      target?: string;
      format: PartFormat;
      /** True when the run's JSON file is a JSON array (its batches are created `isMultiLineJson`); absent means JSON Lines. */
      multiLineJson?: boolean;
      parts: PlannedPart[];
      groups: number;
      at: string;
    }
  | { t: 'batch-creating'; run: number; group: number; externalId: string }
  | { t: 'batch-created'; run: number; group: number; batchId: string }
  | { t: 'part-initialized'; run: number; part: string }
  | { t: 'chunk-done'; run: number; part: string; start: number; end: number }
  | { t: 'part-done'; run: number; part: string }
  | { t: 'batch-completing'; run: number; group: number }
  | { t: 'batch-completed'; run: number; group: number }
  | { t: 'batch-final'; run: number; group: number; status: string; recordsWritten: number; recordsFailed: number }
  /** The user cancelled the group: its batch was aborted, or it had none yet (cancelled before it was created). */
  | { t: 'batch-aborted'; run: number; group: number }
  /**
   * The group's batch was aborted (a cancel) or is gone (abandoned, deleted, unknown): the group
   * starts over with a new batch; its parts are sent again. Other groups keep their batches.
   */
  | { t: 'group-reset'; run: number; group: number; attempt: number; reason: string };

/** An append-only JSON Lines journal; the streaming job keeps one of its own records (jobs/stream/stream-journal.ts). */
export interface Journal<R = JournalRecord> {
  readonly file: string;
  /** Appends one record and fsyncs it; appends are serialised, so lines never interleave. */
  append(record: R): Promise<void>;
  close(): Promise<void>;
}

/** Reads every complete record; a torn or unparsable last line (a kill mid-write) is ignored. */
export async function readJournal<R = JournalRecord>(file: string): Promise<R[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: R[] = [];
  const lines = text.split('\n');
  // The text after the last newline was never finished; so may be a line a crash left unparsable.
  for (const line of lines.slice(0, -1)) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as R);
    } catch {
      // A torn write followed by a newline from a later run cannot happen (we truncate on open); skip defensively.
    }
  }
  return records;
}

export async function openJournal<R = JournalRecord>(file: string): Promise<Journal<R>> {
  await makeFolder(path.dirname(file));
  await dropTornTail(file);
  const handle: FileHandle = await open(file, 'a');
  let chain: Promise<void> = Promise.resolve();
  return {
    file,
    append(record) {
      const line = `${JSON.stringify(record)}\n`;
      const next = chain.then(async () => {
        await handle.write(line);
        await handle.datasync();
      });
      // One failed write must not wedge every later one; the caller of that write sees the error.
      chain = next.catch(() => undefined);
      return next;
    },
    async close() {
      await chain;
      await handle.close();
    },
  };
}

/** Cuts the file back to its last newline, so an append never continues a half-written line. */
async function dropTornTail(file: string): Promise<void> {
  let text: Buffer;
  try {
    text = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (text.length === 0 || text[text.length - 1] === 0x0a) return;
  await truncate(file, text.lastIndexOf(0x0a) + 1);
}
