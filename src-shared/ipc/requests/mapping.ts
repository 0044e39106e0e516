import { z } from 'zod';
import { FileRef } from '../../domain/files';
import { ReadSettings } from '../../domain/read-settings';
import { MappingFile } from '../../mapping/mapping-types';
import { xdmIssueKinds } from '../../xdm/issue-kinds';
import type { RequestMap } from '../request-map';
import { SchemaChoice } from './schemas';

/**
 * Mapping a file to XDM: suggestions, previews on sample rows, and saved mapping files (ours and
 * AEP Data Prep's). Preparing a whole file with a mapping is a job (`prepare.ts`).
 */

/**
 * What a mapping is made for: a registered file (read as the steward set it on the File step)
 * and a target schema; the prepare job takes them too.
 */
export const onFileAndSchema = { fileRef: FileRef, read: ReadSettings.optional(), schema: SchemaChoice };

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

/**
 * The header of the file a mapping was made for (its column names, in order): kept beside a
 * saved or imported mapping, so a file with the same header is offered it again.
 */
export const MappingHeader = z.array(z.string().max(1000)).max(5000);

export const SavedMapping = z.object({
  name: z.string(),
  format: z.enum(['xdm-loader', 'data-prep']),
  modifiedAt: z.string(),
});
export type SavedMapping = z.infer<typeof SavedMapping>;

export const mappingRequests = {
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
        /** The header of the file on screen, to offer the mapping again for the same header. */
        header: MappingHeader.optional(),
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
    input: z
      .object({
        from: MappingLocation,
        /** With a mapping file: the header of the file on screen; the import is kept in `mappings/` for it. */
        header: MappingHeader.optional(),
      })
      .strict(),
    output: z.object({
      mapping: MappingFile,
      importedFrom: z.enum(['xdm-loader', 'data-prep']),
      /** The name an imported file was kept under in `mappings/`. */
      keptAs: z.string().optional(),
    }),
  },
  /** The saved (or imported) mappings made for a file with exactly this header, newest first. */
  'mapping.forHeader': {
    input: z.object({ header: MappingHeader }).strict(),
    output: z.array(SavedMapping),
  },
} as const satisfies RequestMap;
