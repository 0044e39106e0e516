import { isAppError } from '../../../../src-shared/domain/errors';
import { preparedInput, preparedRecords } from '../preflight/index';
import { resolveUploadInput } from '../upload/upload-input';
import { openStreamJournal } from './stream-journal';
import { DEFAULT_STREAM_MAX_RECORDS, type StreamInput, streamRecords } from './stream-records';
import type { StreamReport } from './stream-types';

/** Streaming the records of a file or a prepare output folder: everything of StreamInput but the records. */
export interface StreamFileInput extends Omit<StreamInput, 'records' | 'log'> {
  /** An XDM file (JSON Lines, a JSON array, Parquet) or a prepare output folder. */
  input: string;
  /**
   * Where the run is journaled (a `stream-*` folder in `jobsDir`) and the target key it goes to.
   * Why optional: the app and the CLI always give it, so their History lists the run; a test of
   * the sending alone has no jobs folder.
   */
  journal?: { jobsDir: string; targetKey: string };
}

/**
 * Streams the XDM records of `input` (see streamRecords), journaled when `journal` is given.
 * Why one more than the limit is read: a set too large is refused before anything is sent, and
 * reading stops there instead of going through a big file.
 */
export async function streamFile(client: Parameters<typeof streamRecords>[0], options: StreamFileInput): Promise<StreamReport> {
  const { input, journal: where, ...rest } = options;
  const prepared = await preparedInput(input);
  const max = options.maxRecords ?? DEFAULT_STREAM_MAX_RECORDS;
  const records = preparedRecords(prepared, { limit: max + 1, ...(options.signal ? { signal: options.signal } : {}) });
  if (!where) return streamRecords(client, { ...rest, records });
  // The same fingerprint a batch upload journals, so either can tell the other sent these records.
  const source = await resolveUploadInput(input);
  const journal = await openStreamJournal(where.jobsDir, {
    source: source.source,
    fingerprint: source.fingerprint,
    format: source.format,
    datasetId: options.datasetId,
    target: where.targetKey,
    validation: options.validation ?? 'sync',
  });
  try {
    const report = await streamRecords(client, { ...rest, records, log: journal });
    await journal.end('finished');
    return report;
  } catch (error) {
    const cancelled = isAppError(error) && error.code === 'CANCELLED';
    // The run's own error is what the caller must see, even if the journal cannot take its end.
    await journal.end(cancelled ? 'cancelled' : 'failed', error instanceof Error ? error.message : String(error)).catch(() => undefined);
    throw error;
  }
}
