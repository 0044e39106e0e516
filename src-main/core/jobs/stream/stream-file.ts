import { preparedInput, preparedRecords } from '../preflight/index';
import { DEFAULT_STREAM_MAX_RECORDS, type StreamInput, streamRecords } from './stream-records';
import type { StreamReport } from './stream-types';

/** Streaming the records of a file or a prepare output folder: everything of StreamInput but the records. */
export interface StreamFileInput extends Omit<StreamInput, 'records'> {
  /** An XDM file (JSON Lines, a JSON array, Parquet) or a prepare output folder. */
  input: string;
}

/**
 * Streams the XDM records of `input` (see streamRecords).
 * Why one more than the limit is read: a set too large is refused before anything is sent, and
 * reading stops there instead of going through a big file.
 */
export async function streamFile(client: Parameters<typeof streamRecords>[0], options: StreamFileInput): Promise<StreamReport> {
  const { input, ...rest } = options;
  const prepared = await preparedInput(input);
  const max = options.maxRecords ?? DEFAULT_STREAM_MAX_RECORDS;
  return streamRecords(client, { ...rest, records: preparedRecords(prepared, { limit: max + 1, ...(options.signal ? { signal: options.signal } : {}) }) });
}
