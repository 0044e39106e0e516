import { z } from 'zod';
import { CellValue } from '../../domain/inspection';
import { MappingFile } from '../../mapping/mapping-types';
import { emptyIdentityChoices, xdmIssueKinds } from '../../xdm/issue-kinds';
import type { RequestMap } from '../request-map';
import { JobId } from '../job-id';
import { onFileAndSchema } from './mapping';

/**
 * The prepare job: a file mapped to XDM and written as JSON or Parquet parts, its progress and
 * summary as job events, cancelling it, and the rows it rejected.
 */

const issueCounts = z.partialRecord(z.enum(xdmIssueKinds), z.number().int().nonnegative());

/** The rows of a finished job that can be paged through: the rejected ones, or those written with warnings. */
const RowListSchema = z.enum(['rejects', 'warnings']);
export type RowList = z.infer<typeof RowListSchema>;

/** The prepare job's summary.json, as the renderer receives it. */
export const PrepareSummary = z.object({
  status: z.enum(['completed', 'cancelled', 'failed']),
  reason: z.string().optional(),
  rowsRead: z.number().int().nonnegative(),
  rowsWritten: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  invariantHolds: z.boolean(),
  parts: z.array(z.object({ file: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })),
  format: z.enum(['json', 'parquet']),
  rejectsFile: z.string(),
  /** The rows written with warnings, listed like the rejects; absent in summaries from before it was added. */
  warningsFile: z.string().optional(),
  issuesByField: z.record(z.string(), issueCounts),
  issuesByKind: issueCounts,
  rowsWithWarnings: z.number().int().nonnegative(),
  /** Absent in summaries written before these counts existed. */
  rowsWithoutIdentity: z.number().int().nonnegative().optional(),
  emptyIdentity: z.enum(emptyIdentityChoices).optional(),
  rowsEmpty: z.number().int().nonnegative().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
});
export type PrepareSummary = z.infer<typeof PrepareSummary>;

export const prepareRequests = {
  'jobs.prepare': {
    input: z
      .object({
        /** The caller's id for the job (job-id.ts): its events name it. */
        jobId: JobId,
        ...onFileAndSchema,
        mapping: MappingFile,
        format: z.enum(['json', 'parquet']).default('json'),
        /**
         * A row whose identity columns are all empty (Profile skips it): written and counted
         * (`flag`), or rejected with its reason (`reject`); the CLI's `--empty-identity`.
         */
        emptyIdentity: z.enum(emptyIdentityChoices).default('flag'),
      })
      .strict(),
    output: z.object({ jobId: JobId, outDir: z.string() }),
  },
  'jobs.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ jobId: JobId, cancelled: z.boolean() }),
  },
  'jobs.rejects': {
    input: z
      .object({
        jobId: JobId,
        limit: z.number().int().min(1).max(1000).default(200),
        /** 0-based position of the page's first reject. */
        offset: z.number().int().nonnegative().default(0),
        /** Go to a source row: the page starts at its reject, or at the next one. */
        row: z.number().int().positive().optional(),
        /** Which rows to page through: the rejected ones (the default), or those written with warnings. */
        list: RowListSchema.default('rejects'),
      })
      .strict(),
    output: z.object({
      fileName: z.string(),
      columns: z.array(z.string()),
      rows: z.array(z.array(CellValue)),
      /** Rows of the list in all (rejected, or written with warnings); more than `rows.length` when the list is cut. */
      total: z.number().int().nonnegative(),
      /** Where the page starts among the listed rows. */
      offset: z.number().int().nonnegative(),
      /** With `row`: whether that row is listed (false: the page starts at the next listed row). */
      rowFound: z.boolean().optional(),
    }),
  },
} as const satisfies RequestMap;
