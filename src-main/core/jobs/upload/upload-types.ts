import type { ConfirmReport } from '../confirm/confirm-types';
import type { PartFormat } from '../prepare/prepare-types';

/**
 * Inputs, progress and results of the upload job.
 * Why plain data: progress crosses IPC to the Jobs screen and the result is printed by the CLI
 * as JSON, so neither holds functions or class instances.
 */

/** One file to send: a prepared part, or the single already-valid XDM file. */
export interface UploadPart {
  /** Name inside the batch (unique in the job; the real extension). */
  name: string;
  /** Absolute path on disk. */
  path: string;
  bytes: number;
  rows: number;
}

/** What the job uploads, resolved from a prepared folder or a single file. */
export interface UploadInput {
  kind: 'prepared' | 'file';
  /** The folder or file the user named, resolved to an absolute real path. */
  source: string;
  format: PartFormat;
  /**
   * True when the (single) JSON file is one JSON array rather than JSON Lines: its batch is
   * created with `isMultiLineJson`, which AEP applies to every file of the batch.
   */
  multiLineJson: boolean;
  parts: UploadPart[];
  /** Changes when the content changes (names, sizes, row counts, mtimes): a new upload, not a resume. */
  fingerprint: string;
}

export type UploadPhase = 'planning' | 'creating' | 'uploading' | 'completing' | 'polling' | 'done';

export interface UploadProgress {
  phase: UploadPhase;
  /** Bytes confirmed by AEP (resumed ones included) and in total. */
  bytesSent: number;
  bytesTotal: number;
  /** Records of parts AEP confirmed, and in total. */
  recordsSent: number;
  recordsTotal: number;
  partsDone: number;
  partsTotal: number;
  chunksDone: number;
  chunksTotal: number;
  /** Throughput of this run (resumed bytes left out), MB/s (10^6 bytes). */
  mbPerSecond: number;
  /** Batches of the run, in order; ids appear once created. */
  batchIds: string[];
  /** The Catalog status last seen while polling. */
  batchStatus?: string;
  paused: boolean;
}

export interface BatchOutcome {
  batchId: string;
  externalId: string;
  /** Catalog's status: `success`, `failed`, or the last one seen when polling timed out. */
  status: string;
  recordsExpected: number;
  recordsWritten: number;
  recordsFailed: number;
  errors: Array<{ code?: string; description?: string; recordCount?: number }>;
  metrics: Record<string, number>;
  /** Failed-record files saved beside the job (absolute paths). */
  failedFiles: string[];
}

export interface UploadResult {
  /** The first batch (the only one unless AEP's limits split the upload). */
  batchId: string;
  /** `success` only when every batch succeeded; else the first status that is not `success`. */
  status: string;
  recordsExpected: number;
  recordsWritten: number;
  recordsFailed: number;
  batches: BatchOutcome[];
  /** True when the batches had already finished in an earlier run and were only reported. */
  reported: boolean;
  /** True when an interrupted run was continued. */
  resumed: boolean;
  /** The job folder: journal, batch reports, failed records. */
  jobDir: string;
  /** Bytes sent in this run and the time spent sending them. */
  bytesSentThisRun: number;
  uploadMs: number;
  /** True when polling stopped at its timeout before a terminal status. */
  timedOut: boolean;
  /** Confirmation in Profile, run once every batch succeeded (unless turned off). */
  confirmation?: ConfirmReport;
  /** Why confirmation could not run or finish; the upload's outcome stands regardless. */
  confirmationError?: string;
}

/** Confirmation after a successful load: how many identities to sample and how long to wait for misses. */
export interface ConfirmOptions {
  /** Identities sampled from the parts (default 10). */
  count?: number;
  /** How long to keep asking for identities Profile has not applied yet (default 30 s). */
  waitMs?: number;
  /** First pause between lookup rounds (default 2 s, doubled each round). */
  initialDelayMs?: number;
}

export interface UploadOptions {
  /** A folder written by `prepare` (summary.json + parts), or one `.json` (JSON Lines or a JSON array) / `.parquet` XDM file. */
  input: string;
  datasetId: string;
  /** Where job folders live (`<dataDir>/jobs`). */
  jobsDir: string;
  /** Identifies the target for the job key: the same input sent to another org or sandbox is another job. */
  targetKey: string;
  /** Transfers in flight (parts and chunks together). Default 4. */
  concurrency?: number;
  /** Chunk size of large-file uploads. Default 64 MiB; at most 512,000,000 bytes. */
  chunkBytes?: number;
  /** Files up to this size go in one PUT. Default (and maximum) 256 MiB. */
  singlePutMaxBytes?: number;
  /** AEP's per-batch limits (1500 files, 100 GB); smaller values only for tests. */
  maxFilesPerBatch?: number;
  maxBytesPerBatch?: number;
  /** Send a new batch even when an earlier run of the same job succeeded. */
  again?: boolean;
  /**
   * Stops the upload. Its reason says how (core/jobs/job-stop.ts): `cancel` (or any other abort)
   * ABORTs the batch while it is loading; `suspend` only stops, keeping the journal and the batch
   * so the next run resumes (app shutdown).
   */
  signal?: AbortSignal;
  /** Polling of Catalog after COMPLETE: first wait, cap of one wait, and the whole budget. */
  pollInitialMs?: number;
  pollMaxMs?: number;
  pollTimeoutMs?: number;
  /** Throttled (about 10 a second, the last always delivered). */
  onProgress?: (progress: UploadProgress) => void;
  /** Human-readable notes (resuming, reporting an earlier batch, splitting). */
  onNote?: (message: string) => void;
  /** Error diagnostics on the batch, so failed records and row errors can be fetched. Default true. */
  enableErrorDiagnostics?: boolean;
  /** Confirmation in Profile after success (default on, with ConfirmOptions' defaults); `false` skips it. */
  confirm?: ConfirmOptions | false;
  /**
   * The job folder this run must resume (`uploads.resume`): when the input, dataset or target no
   * longer lead there (the input changed since), the run is refused instead of starting a new job.
   */
  expectJobDir?: string;
  /** Told the job folder once its lock is held (the app maps a running job to its journal). */
  onJobDir?: (jobDir: string) => void;
}
