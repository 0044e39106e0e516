import { z } from 'zod';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';
import { DatasetId } from './upload-shapes';

/** Batches of a dataset (Catalog's view merged with the local journals') and their failed records. */

const BatchId = z.string().trim().min(1, 'a batch id is required').max(200);

/** One batch as the Batches screen lists it: Catalog's view merged with the local journals'. */
export const BatchSummary = z.object({
  batchId: z.string(),
  datasetId: z.string(),
  status: z.string(),
  recordsWritten: z.number().int().nonnegative(),
  recordsFailed: z.number().int().nonnegative(),
  /** ms since the epoch, as Catalog gives them. */
  created: z.number().optional(),
  completed: z.number().optional(),
  /** Who created it (Catalog's createdUser or createdClient), when Catalog says. */
  createdBy: z.string().optional(),
  externalId: z.string().optional(),
  errors: z.array(z.object({ code: z.string().optional(), description: z.string().optional(), recordCount: z.number().optional() })),
  metrics: z.record(z.string(), z.number()),
  /** Where it was seen: Catalog, a local job journal, or both. */
  source: z.enum(['catalog', 'journal', 'both']),
  /** The local job that sent it (journal folder and input), when this machine sent it. */
  job: z.object({ jobDir: z.string(), input: z.string(), startedAt: z.string(), recordsExpected: z.number().int().nonnegative() }).optional(),
});
export type BatchSummary = z.infer<typeof BatchSummary>;

/** Catalog's status words a batch list can be filtered by (`inactive`: reverted). */
export const batchStatuses = ['success', 'failed', 'processing', 'loading', 'aborted', 'inactive'] as const;

/**
 * Which batches of a dataset a list shows: created within a range (ms since the epoch, bounds
 * excluded, as Catalog's `createdAfter`/`createdBefore`) and in one status.
 */
export const BatchFilter = z.object({
  createdAfter: z.number().int().nonnegative().optional(),
  createdBefore: z.number().int().nonnegative().optional(),
  status: z.enum(batchStatuses).optional(),
});
export type BatchFilter = z.infer<typeof BatchFilter>;

/** One validation error of a failed record, at the field it names ('' for the record as a whole). */
export const FailedRecordErrorShape = z.object({
  /** `person.birthDate`, `items[0].SKU` (src-shared/domain/json-pointer.ts), or '' when the error is about the record. */
  path: z.string(),
  message: z.string(),
  /** The JSON-Schema keyword (`format`, `type`, `required`, ...) or AEP's code, when given. */
  keyword: z.string().optional(),
});
export type FailedRecordErrorShape = z.infer<typeof FailedRecordErrorShape>;

/** A failed record as the screen shows it: the record without AEP's error fields, and those errors. */
export const FailedRecordShape = z.object({
  /** 1-based position in the failed-record files. */
  index: z.number().int().positive(),
  record: z.record(z.string(), z.unknown()),
  errors: z.array(FailedRecordErrorShape),
  /** The line as it was, when it was not JSON. */
  raw: z.string().optional(),
});
export type FailedRecordShape = z.infer<typeof FailedRecordShape>;

export const batchRequests = {
  'batches.list': {
    input: z
      .object({
        datasetId: DatasetId,
        ...onConnection,
        ...BatchFilter.shape,
        limit: z.number().int().min(1).max(100).default(20),
        /** How many of the newest matching batches to skip (Catalog's `start`): a page's offset. */
        start: z.number().int().min(0).max(100_000).default(0),
      })
      .strict(),
    output: z.array(BatchSummary),
  },
  /**
   * Reverts a successful batch (Batch Ingestion's `action=REVERT`): its records leave the dataset
   * and Profile, and Catalog marks it inactive. `confirmed` says the steward saw that first.
   */
  'batches.revert': {
    input: z.object({ batchId: BatchId, ...onConnection, confirmed: z.literal(true) }).strict(),
    output: BatchSummary,
  },
  'batches.get': {
    input: z.object({ batchId: BatchId, ...onConnection }).strict(),
    output: BatchSummary,
  },
  'batches.failedRecords': {
    input: z.object({ batchId: BatchId, ...onConnection, limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    output: z.object({
      /** Main's folder holding the downloaded failed-record files. */
      dir: z.string(),
      files: z.array(z.string()),
      /** The first `limit` failed records exactly as Data Access gives them (what a download holds). */
      rows: z.array(z.unknown()),
      /** The same records split into the record and its errors, ready to show. */
      records: z.array(FailedRecordShape),
      /** True when more records exist than `rows` holds. */
      truncated: z.boolean(),
    }),
  },
} as const satisfies RequestMap;
