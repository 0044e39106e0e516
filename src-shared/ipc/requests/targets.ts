import { z } from 'zod';
import { AppErrorShape } from '../../domain/errors';
import { FileRef } from '../../domain/files';
import { ReadSettings } from '../../domain/read-settings';
import { MappingFile } from '../../mapping/mapping-types';
import { JobId } from '../job-id';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';

/**
 * A target from the file (issue 15): a new Profile-ready schema and dataset proposed from a
 * dropped file, shown, then created in AEP's order.
 * Why the proposal is a job: it reads the whole file (a schema field is permanent, so its type
 * must hold for every row), which for a large file takes long enough to want progress and a
 * Cancel. Creating is a handful of Schema Registry and Catalog calls, so it is a plain request.
 * The proposal travels back to main as the steward edited it (names), and main creates exactly it.
 */

export const TargetClassChoice = z.enum(['profile', 'event']);
export type TargetClassChoice = z.infer<typeof TargetClassChoice>;

const FieldKindShape = z.enum(['string', 'integer', 'long', 'number', 'boolean', 'date', 'date-time']);
const StringFormatShape = z.enum(['email', 'uri']);
/** A schema title, field group title or dataset name: AEP refuses empty ones. */
const Title = z.string().trim().min(1, 'a name is required').max(200);

export const ProposedFieldShape = z.object({
  path: z.string(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('column'), column: z.string() }),
    z.object({ kind: z.literal('expression'), expression: z.string() }),
  ]),
  origin: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('class') }),
    z.object({ kind: z.literal('standard'), fieldGroupId: z.string() }),
    z.object({ kind: z.literal('custom') }),
  ]),
  kind: FieldKindShape,
  format: z.enum(['email', 'uri', 'date', 'date-time']).optional(),
});
export type ProposedFieldShape = z.infer<typeof ProposedFieldShape>;

export const TargetProposalShape = z.object({
  fileName: z.string(),
  class: z.object({ choice: TargetClassChoice, id: z.string(), guessed: z.boolean(), reason: z.string() }),
  schemaTitle: Title,
  standardFieldGroups: z.array(z.string()),
  customFieldGroup: z
    .object({
      title: Title,
      tenantNamespace: z.string(),
      fields: z.array(z.object({ name: z.string(), column: z.string(), why: z.string(), kind: FieldKindShape, format: StringFormatShape.optional() })),
    })
    .nullable(),
  fields: z.array(ProposedFieldShape),
  identity: z.object({ column: z.string(), path: z.string(), namespace: z.string(), chosenBy: z.enum(['caller', 'guess']) }),
  dataset: z.object({ name: Title, profile: z.literal(true) }),
  skipped: z.array(z.object({ column: z.string(), reason: z.string() })),
});
export type TargetProposalShape = z.infer<typeof TargetProposalShape>;

export const CreationStepShape = z.object({
  step: z.enum(['namespace', 'fieldGroup', 'schema', 'descriptor', 'union', 'dataset']),
  what: z.string(),
  status: z.enum(['exists', 'created', 'reused', 'to-create', 'to-reuse', 'failed', 'not-reached', 'not-needed']),
  id: z.string().optional(),
  error: AppErrorShape.optional(),
});
export type CreationStepShape = z.infer<typeof CreationStepShape>;

export const CreationReportShape = z.object({
  dryRun: z.boolean(),
  complete: z.boolean(),
  steps: z.array(CreationStepShape),
  schemaId: z.string().optional(),
  datasetId: z.string().optional(),
  mapping: MappingFile.optional(),
});
export type CreationReportShape = z.infer<typeof CreationReportShape>;

/** Progress of a proposal: the file read so far. */
export const ProposeProgressShape = z.object({
  bytesRead: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  rowsRead: z.number().int().nonnegative(),
});
export type ProposeProgressShape = z.infer<typeof ProposeProgressShape>;

/** What the steward chose; anything left out is guessed from the columns. */
export const TargetChoicesShape = z
  .object({
    class: TargetClassChoice.optional(),
    name: Title.optional(),
    identity: z
      .object({ column: z.string().min(1), namespace: z.string().trim().min(1).max(100) })
      .strict()
      .optional(),
    datasetName: Title.optional(),
  })
  .strict();

export const targetRequests = {
  /**
   * Proposes a target from a registered file as a job under the caller's id: `job` events of kind
   * `propose` (progress, then finished with the proposal, or failed). `jobs.cancel` stops it.
   * Creates nothing; the connection is asked only for its tenant namespace.
   */
  'targets.propose': {
    input: z.object({ jobId: JobId, fileRef: FileRef, read: ReadSettings.optional(), ...onConnection, choices: TargetChoicesShape.default({}) }).strict(),
    output: z.object({ jobId: JobId }),
  },
  /**
   * Creates what the proposal needs and the sandbox lacks, in AEP's order; `dryRun` only looks
   * (what exists already, what would be created). A failed step is in the report, not an error:
   * the steps before it exist, and calling again goes on from there.
   */
  'targets.create': {
    input: z.object({ ...onConnection, proposal: TargetProposalShape, dryRun: z.boolean().default(false) }).strict(),
    output: CreationReportShape,
  },
} as const satisfies RequestMap;
