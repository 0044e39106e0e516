import { z } from 'zod';
import { FileRef } from '../../domain/files';
import { CellValue } from '../../domain/inspection';
import { MappingFile } from '../../mapping/mapping-types';
import { XdmField } from '../../xdm/field-tree';
import { emptyIdentityChoices, xdmIssueKinds } from '../../xdm/issue-kinds';
import type { RequestMap } from '../request-map';
import { JobId } from '../job-id';

/**
 * Mapping a file to XDM and preparing it: offline schemas, suggestions, previews, mapping files,
 * and the prepare job with its progress events.
 * Why a schema is named by a choice and never sent whole: the standard schemas live in main's
 * assets, a schema file is a registered file, a sandbox schema is fetched by main; the renderer
 * only says which one, and main resolves, caches and validates it the same way for every request.
 */

/** Which target schema: a shipped standard one, a schema file the user registered, or one of a connection's. */
export const SchemaChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standard'), id: z.enum(['profile', 'experience-event']) }).strict(),
  z.object({ kind: z.literal('file'), fileRef: FileRef }).strict(),
  z.object({ kind: z.literal('connection'), connectionId: z.string().trim().min(1).max(100).optional(), schemaId: z.string().trim().min(1) }).strict(),
]);
export type SchemaChoice = z.infer<typeof SchemaChoice>;

/** A schema the mapping screen can offer without a connection. */
export const LocalSchema = z.object({
  choice: SchemaChoice,
  title: z.string(),
  className: z.string(),
  description: z.string(),
});
export type LocalSchema = z.infer<typeof LocalSchema>;

/** A resolved schema as the editor shows it: its field tree. */
export const SchemaTree = z.object({
  schemaId: z.string(),
  title: z.string(),
  className: z.string().optional(),
  fields: z.array(XdmField),
});
export type SchemaTree = z.infer<typeof SchemaTree>;

export const ColumnSuggestion = z.object({
  column: z.string(),
  path: z.string().nullable(),
  score: z.number(),
  status: z.enum(['matched', 'ambiguous', 'no-match']),
  candidates: z.array(z.object({ path: z.string(), score: z.number() })),
});
export type ColumnSuggestion = z.infer<typeof ColumnSuggestion>;

export const XdmIssueShape = z.object({
  kind: z.enum(xdmIssueKinds),
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type XdmIssueShape = z.infer<typeof XdmIssueShape>;

/** A problem with a rule itself (unknown column, bad expression), at a character when known. */
export const MappingProblem = z.object({
  ruleIndex: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative().optional(),
  message: z.string(),
});
export type MappingProblem = z.infer<typeof MappingProblem>;

export const PreviewRecord = z.object({
  rowNumber: z.number().int(),
  record: z.record(z.string(), z.unknown()),
  issues: z.array(XdmIssueShape),
  accepted: z.boolean(),
});
export type PreviewRecord = z.infer<typeof PreviewRecord>;

/** A mapping's name in the data dir's `mappings/` folder (it becomes a file name). */
export const MappingName = z
  .string()
  .trim()
  .min(1, 'a name is required')
  .max(100)
  .regex(/^[\w][\w .-]*$/, 'use letters, digits, spaces, dots, dashes and underscores');

/** Where a mapping is loaded from: the data dir's `mappings/` folder, or a registered file. */
export const MappingLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), name: MappingName }).strict(),
  z.object({ kind: z.literal('file'), fileRef: FileRef }).strict(),
]);
export type MappingLocation = z.infer<typeof MappingLocation>;

export const SavedMapping = z.object({
  name: z.string(),
  format: z.enum(['xdm-loader', 'data-prep']),
  modifiedAt: z.string(),
});
export type SavedMapping = z.infer<typeof SavedMapping>;

const issueCounts = z.partialRecord(z.enum(xdmIssueKinds), z.number().int().nonnegative());

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

const onFileAndSchema = { fileRef: FileRef, schema: SchemaChoice };

export const prepareRequests = {
  'schemas.local': {
    input: z.object({}).strict(),
    output: z.array(LocalSchema),
  },
  'schemas.tree': {
    input: z.object({ schema: SchemaChoice }).strict(),
    output: SchemaTree,
  },
  'mapping.suggest': {
    input: z.object(onFileAndSchema).strict(),
    output: z.object({ suggestions: z.array(ColumnSuggestion), mapping: MappingFile }),
  },
  'mapping.preview': {
    input: z
      .object({
        ...onFileAndSchema,
        mapping: MappingFile,
        rows: z.number().int().min(1).max(100).default(10),
      })
      .strict(),
    output: z.object({
      /** Broken rules, each left out of the records below so the rest still previews. */
      problems: z.array(MappingProblem),
      records: z.array(PreviewRecord),
      columns: z.array(z.string()),
    }),
  },
  'mapping.save': {
    input: z
      .object({
        name: MappingName,
        mapping: MappingFile,
        /** `data-prep`: an AEP Data Prep mapping-set body, for the Data Prep API or UI. */
        format: z.enum(['xdm-loader', 'data-prep']).default('xdm-loader'),
      })
      .strict(),
    output: z.object({
      saved: SavedMapping,
      /** The file's text, so the renderer can also offer it as a download. */
      content: z.string(),
      fileName: z.string(),
      /** Rules AEP will refuse (functions only XDM Loader knows). */
      warnings: z.array(z.string()),
    }),
  },
  'mapping.list': {
    input: z.object({}).strict(),
    output: z.array(SavedMapping),
  },
  'mapping.load': {
    input: z.object({ from: MappingLocation }).strict(),
    output: z.object({ mapping: MappingFile, importedFrom: z.enum(['xdm-loader', 'data-prep']) }),
  },
  'jobs.prepare': {
    input: z
      .object({
        /** The caller's id for the job (job-id.ts): its events name it. */
        jobId: JobId,
        ...onFileAndSchema,
        mapping: MappingFile,
        format: z.enum(['json', 'parquet']).default('json'),
      })
      .strict(),
    output: z.object({ jobId: JobId, outDir: z.string() }),
  },
  'jobs.cancel': {
    input: z.object({ jobId: JobId }).strict(),
    output: z.object({ jobId: JobId, cancelled: z.boolean() }),
  },
  'jobs.rejects': {
    input: z.object({ jobId: JobId, limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    output: z.object({
      fileName: z.string(),
      columns: z.array(z.string()),
      rows: z.array(z.array(CellValue)),
      /** Rows rejected in all; more than `rows.length` when the list is cut. */
      total: z.number().int().nonnegative(),
    }),
  },
} as const satisfies RequestMap;
