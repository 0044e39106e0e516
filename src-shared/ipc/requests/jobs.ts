import { z } from 'zod';
import type { RequestMap } from '../request-map';
import { JobId } from '../job-id';
import { onConnection } from './connections';
import { DatasetId, IngestSource } from './upload-shapes';

/**
 * Jobs that send records: the upload job (pause, resume, a resume from its journal; `jobs.cancel`
 * stops it too), preflight and its fixes, confirmation in Profile, and the streaming job for small
 * record sets (`jobs.cancel` stops it too). The prepare job is in `prepare.ts`.
 */

export const UploadPhase = z.enum(['planning', 'creating', 'uploading', 'completing', 'polling', 'done']);

/** An upload's progress (the payload of its `progress` event). */
export const UploadProgressShape = z.object({
  phase: UploadPhase,
  bytesSent: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  recordsSent: z.number().int().nonnegative(),
  recordsTotal: z.number().int().nonnegative(),
  partsDone: z.number().int().nonnegative(),
  partsTotal: z.number().int().nonnegative(),
  chunksDone: z.number().int().nonnegative(),
  chunksTotal: z.number().int().nonnegative(),
  mbPerSecond: z.number().nonnegative(),
  /** Seconds left at the current speed; null before a speed is known or once sending is over. */
  etaSeconds: z.number().nonnegative().nullable(),
  batchIds: z.array(z.string()),
  batchStatus: z.string().optional(),
  paused: z.boolean(),
});
export type UploadProgressShape = z.infer<typeof UploadProgressShape>;

/**
 * Whether an upload still has bytes to send, so that a pause would hold something back.
 * Why: once every byte is at AEP the batch is completed and processed there; a pause then
 * stops nothing, so it is neither offered nor accepted.
 */
export function stillSending(progress: Pick<UploadProgressShape, 'phase' | 'bytesSent' | 'bytesTotal'>): boolean {
  const before = progress.phase === 'planning' || progress.phase === 'creating' || progress.phase === 'uploading';
  return before && !(progress.bytesTotal > 0 && progress.bytesSent >= progress.bytesTotal);
}

export const BatchOutcomeShape = z.object({
  batchId: z.string(),
  externalId: z.string(),
  status: z.string(),
  recordsExpected: z.number().int().nonnegative(),
  recordsWritten: z.number().int().nonnegative(),
  recordsFailed: z.number().int().nonnegative(),
  errors: z.array(z.object({ code: z.string().optional(), description: z.string().optional(), recordCount: z.number().optional() })),
  metrics: z.record(z.string(), z.number()),
  failedFiles: z.array(z.string()),
});

/** Confirmation: sampled identities looked up in Profile after a load, each miss with its reason. */
export const ConfirmReportShape = z.object({
  status: z.enum(['confirmed', 'partial', 'missing', 'forbidden', 'nothing-to-check']),
  found: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  identities: z.array(
    z.object({
      namespace: z.string(),
      id: z.string(),
      /** Null when the lookup could not be made (403). */
      found: z.boolean().nullable(),
      entityId: z.string().optional(),
      sources: z.array(z.string()).optional(),
      reason: z
        .enum(['NAMESPACE_UNKNOWN', 'NAMESPACE_CASE', 'DATASET_NOT_PROFILE', 'SCHEMA_NOT_UNION', 'STILL_PROCESSING', 'NOT_IN_PROFILE', 'FORBIDDEN'])
        .optional(),
      explanation: z.string().optional(),
    }),
  ),
  forbidden: z.string().optional(),
  rounds: z.number().int().nonnegative(),
  waitedMs: z.number().nonnegative(),
});
export type ConfirmReportShape = z.infer<typeof ConfirmReportShape>;

export const UploadResultShape = z.object({
  batchId: z.string(),
  status: z.string(),
  recordsExpected: z.number().int().nonnegative(),
  recordsWritten: z.number().int().nonnegative(),
  recordsFailed: z.number().int().nonnegative(),
  batches: z.array(BatchOutcomeShape),
  reported: z.boolean(),
  resumed: z.boolean(),
  jobDir: z.string(),
  bytesSentThisRun: z.number().nonnegative(),
  uploadMs: z.number().nonnegative(),
  timedOut: z.boolean(),
  /** Confirmation in Profile, run after a successful load (absent when the batch did not succeed). */
  confirmation: ConfirmReportShape.optional(),
  /** Why the confirmation could not be made or finished (then `confirmation` is absent); the load's outcome stands. */
  confirmationError: z.string().optional(),
});
export type UploadResultShape = z.infer<typeof UploadResultShape>;

export const StreamValidation = z.enum(['sync', 'async']);
export type StreamValidation = z.infer<typeof StreamValidation>;

export const StreamRecordResult = z.object({
  index: z.number().int().positive(),
  status: z.enum(['accepted', 'received', 'rejected']),
  xactionId: z.string().optional(),
  statusCode: z.number().int().optional(),
  message: z.string().optional(),
  violations: z.array(z.object({ pointer: z.string().optional(), message: z.string(), keyword: z.string().optional() })).optional(),
  /** A rejected record as it was sent (the XDM object), so the rejects download holds record and reasons. */
  record: z.record(z.string(), z.unknown()).optional(),
});
export type StreamRecordResult = z.infer<typeof StreamRecordResult>;

/** A finished streaming run: each record's fate, in the order of the set. */
export const StreamReportShape = z.object({
  datasetId: z.string(),
  validation: StreamValidation,
  total: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  results: z.array(StreamRecordResult),
});
export type StreamReportShape = z.infer<typeof StreamReportShape>;

/**
 * A streaming run's progress (the payload of its `progress` event).
 * Why only the new results: a run may hold a thousand; each event carries the results that came
 * in since the previous one (none is lost to throttling), so the renderer appends them.
 */
export const StreamProgressShape = z.object({
  /** Records whose request was answered (sent), of `total`. */
  sent: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  received: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  results: z.array(StreamRecordResult),
});
export type StreamProgressShape = z.infer<typeof StreamProgressShape>;

export const PreflightFixId = z.enum(['enable-schema-for-profile', 'enable-dataset-for-profile']);

/** Preflight's report: one check per condition a load depends on, each failing one with how to fix it. */
export const PreflightReportShape = z.object({
  ok: z.boolean(),
  datasetId: z.string(),
  datasetName: z.string().optional(),
  schemaId: z.string().optional(),
  profile: z.boolean(),
  recordsChecked: z.number().int().nonnegative(),
  checks: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['passed', 'failed', 'warning', 'skipped']),
      code: z.string().optional(),
      message: z.string(),
      howToFix: z.string().optional(),
      /** A fix the app applies itself; `consequence` is stated before (and `irreversible` says it cannot be undone). */
      fix: z.object({ id: PreflightFixId, label: z.string(), consequence: z.string(), irreversible: z.boolean() }).optional(),
    }),
  ),
});
export type PreflightReportShape = z.infer<typeof PreflightReportShape>;

export const jobRequests = {
  'uploads.resume': {
    input: z
      .object({
        /** The caller's id for the resumed job (job-id.ts): its events name it. */
        jobId: JobId,
        jobDir: z.string().min(1).max(4096),
      })
      .strict(),
    output: z.object({ jobId: JobId }),
  },
  'jobs.upload': {
    input: z
      .object({
        /** The caller's id for the job (job-id.ts): its events name it. */
        jobId: JobId,
        source: IngestSource,
        datasetId: DatasetId,
        ...onConnection,
        /** Transfers in flight (parts and chunks together); the Settings screen's default when absent. */
        concurrency: z.number().int().min(1).max(32).optional(),
        /** Chunk size of large-file uploads, MiB (AEP takes at most 512,000,000 bytes); the Settings screen's default when absent. */
        chunkSizeMb: z.number().positive().max(488).optional(),
        /** Send a new batch even when the same upload already succeeded. */
        again: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ jobId: JobId }),
  },
  'jobs.pause': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ jobId: JobId, paused: z.boolean() }),
  },
  'jobs.resume': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ jobId: JobId, resumed: z.boolean() }),
  },
  /**
   * Streams a small record set as a job under the caller's id: `job` events of kind `stream`
   * (progress, then finished or failed). `jobs.cancel` stops it between requests.
   */
  'streaming.send': {
    input: z
      .object({
        /** The caller's id for the job (job-id.ts): its events name it. */
        jobId: JobId,
        source: IngestSource,
        datasetId: DatasetId,
        ...onConnection,
        /** The HTTP API inlet id; not needed for the Local sandbox. */
        inletId: z.string().trim().min(1).max(200).optional(),
        flowId: z.string().trim().min(1).max(200).optional(),
        validation: StreamValidation.default('sync'),
        maxRecords: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({ jobId: JobId }),
  },
  'jobs.preflight': {
    input: z
      .object({
        datasetId: DatasetId,
        /** Prepared records to sample for identities (optional: without them only the targets are checked). */
        source: IngestSource.optional(),
        ...onConnection,
        /** The mapping's schema (`$id` or `meta:altId`). */
        schemaId: z.string().trim().min(1).max(500).optional(),
        /** Whether the records should reach Real-Time Customer Profile. */
        profile: z.boolean().default(false),
        sampleSize: z.number().int().min(1).max(5000).default(1000),
      })
      .strict(),
    output: PreflightReportShape,
  },
  'jobs.confirm': {
    input: z
      .object({
        /** The records that were loaded: their identities are sampled. */
        source: IngestSource,
        datasetId: DatasetId,
        ...onConnection,
        /** Identities to sample. */
        count: z.number().int().min(1).max(100).default(10),
        /** How long to keep asking for identities still missing (Profile applies a batch some time after it succeeds). */
        waitMs: z.number().int().min(0).max(600_000).default(0),
        /** When the batch succeeded (epoch ms): a recent batch may still be processing. */
        batchCompletedAt: z.number().int().nonnegative().optional(),
      })
      .strict(),
    output: ConfirmReportShape,
  },
  'jobs.preflightFix': {
    input: z
      .object({
        fix: PreflightFixId,
        datasetId: DatasetId,
        /** The dataset's schema, needed by `enable-schema-for-profile` (preflight's report gives it). */
        schemaId: z.string().trim().min(1).max(500).optional(),
        ...onConnection,
        /** The steward read the fix's consequence (enabling for Profile cannot be undone). */
        confirmed: z.literal(true, 'confirm the fix: enabling for Profile cannot be undone'),
      })
      .strict(),
    output: z.object({ fix: PreflightFixId, applied: z.literal(true), consequence: z.string(), irreversible: z.boolean() }),
  },
} as const satisfies RequestMap;
