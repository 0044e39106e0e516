import { z } from 'zod';
import type { RequestMap } from '../request-map';
import { JobId } from '../job-id';
import { IngestSource } from './upload-shapes';

/**
 * Uploads and streaming runs this machine started, as the Jobs screen lists them (`uploads.resume` starts a job, so
 * it is in `jobs.ts`, beside its handler).
 */

/**
 * An upload this machine started (in the app or with `xdm-loader upload`), read from its journal.
 * Why it matters: an upload cut by a crash or a closed window is `interrupted`, and resuming it
 * sends only what its journal does not confirm.
 */
export const LocalUploadShape = z.object({
  /**
   * How the records went: a batch upload, or a streaming run (journaled too, never resumed: a
   * streamed record cannot be taken back, so its run is listed for the record of what went where).
   */
  mode: z.enum(['batch', 'stream']),
  /** Main's job folder; the key to resume it. */
  jobDir: z.string(),
  /**
   * Which run of the job folder this row is (a batch upload): "upload again" sends the same input
   * anew in a new run of the same folder, and each run is a row of its own, with its own batches.
   * Only the latest run of a folder can be running or interrupted.
   */
  run: z.number().int().positive().optional(),
  /** What was uploaded (a prepared folder or an XDM file). */
  input: z.string(),
  /** What the screens call it: the file's name, or for a prepared folder the name of the file it was prepared from. */
  label: z.string(),
  /** How the records sent were written: JSON or Parquet. */
  format: z.enum(['json', 'parquet']),
  /**
   * What `jobs.confirm` can be sent to sample identities from: a prepared folder of this app;
   * null for a file uploaded as is (main takes only its own folders by path).
   */
  confirmSource: IngestSource.nullable(),
  datasetId: z.string(),
  /** ISO time the run started. */
  startedAt: z.string(),
  state: z.enum(['running', 'interrupted', 'succeeded', 'failed', 'aborted']),
  recordsExpected: z.number().int().nonnegative(),
  /** The app job running it now, when one is. */
  jobId: JobId.optional(),
  /** The connection whose target it was sent to, when one of the saved connections matches. */
  connectionId: z.string().optional(),
  /** A streaming run's per-record counts (mode `stream`); its `recordsExpected` is the set's size. */
  stream: z
    .object({
      validation: z.enum(['sync', 'async']),
      accepted: z.number().int().nonnegative(),
      received: z.number().int().nonnegative(),
      rejected: z.number().int().nonnegative(),
      /** Sent without an answer in the journal (a run cut mid-request): they may be in the dataset. */
      unanswered: z.number().int().nonnegative(),
      /** Why it failed, or what a cancel had sent. */
      message: z.string().optional(),
    })
    .optional(),
  /** A batch upload's batches (none for a streaming run). */
  batches: z.array(
    z.object({
      batchId: z.string(),
      status: z.string(),
      recordsExpected: z.number().int().nonnegative(),
      recordsWritten: z.number().int().nonnegative().optional(),
      recordsFailed: z.number().int().nonnegative().optional(),
    }),
  ),
});
export type LocalUploadShape = z.infer<typeof LocalUploadShape>;

export const uploadRequests = {
  'uploads.list': {
    input: z.object({ limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.array(LocalUploadShape),
  },
} as const satisfies RequestMap;
