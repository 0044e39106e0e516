import { z } from 'zod';
import { FileRef, RegisteredFile } from '../../domain/files';
import { ReadSettings } from '../../domain/read-settings';
import { IdentityRule, MappingRule } from '../../mapping/mapping-types';
import { emptyIdentityChoices } from '../../xdm/issue-kinds';
import type { RequestMap } from '../request-map';
import { SchemaChoice } from './schemas';

/**
 * Drafts (the work in progress on one file) and the recent files of the Prepare screen.
 * Why in main and not in the page's storage: a draft must survive an app restart and read the
 * same in the desktop app and in browser mode, and only main can tell whether the file is still
 * the one the draft was made for (it reads the file; the renderer never holds a path).
 */

/** Most rules a draft keeps: far above any real schema's leaf count, low enough to bound a draft file. */
const MAX_DRAFT_RULES = 5000;

/**
 * The target a draft remembers. A schema file the user dropped is not kept: its reference dies
 * with the session, and the draft then keeps the mapping without a target.
 */
export const DraftSchemaChoice = SchemaChoice.refine((choice) => choice.kind !== 'file', 'a dropped schema file is not kept in a draft');
export type DraftSchemaChoice = z.infer<typeof DraftSchemaChoice>;

/** The work in progress on one file: its target, mapping and options, and how far the user got. */
export const FileDraft = z
  .object({
    schema: DraftSchemaChoice.nullable(),
    rules: z.array(MappingRule).max(MAX_DRAFT_RULES),
    identities: z.array(IdentityRule).max(MAX_DRAFT_RULES),
    /** The prepare job's output format. */
    outputFormat: z.enum(['json', 'parquet']),
    /**
     * Rows whose identity columns are all empty: kept and counted (`flag`) or rejected, as chosen
     * beside "Prepare file". Absent in drafts saved before it was kept: the session's choice stands.
     */
    emptyIdentity: z.enum(emptyIdentityChoices).optional(),
    /** How the steward set the file to be read on the File step (absent: as detected). */
    read: ReadSettings.optional(),
    /** `map` when the user was mapping (or further): the restore reopens the mapping step. */
    step: z.enum(['file', 'map']),
  })
  .strict();
export type FileDraft = z.infer<typeof FileDraft>;

/**
 * What main found for a file.
 * `found`: a draft made for this very content. `changed`: a draft for this file, but its content
 * changed since (size, time or first bytes differ): shown to the user, never applied silently.
 */
export const DraftLookup = z.discriminatedUnion('status', [
  z.object({ status: z.literal('none') }),
  z.object({ status: z.literal('found'), draft: FileDraft, savedAt: z.string() }),
  z.object({ status: z.literal('changed'), draft: FileDraft, savedAt: z.string() }),
]);
export type DraftLookup = z.infer<typeof DraftLookup>;

/** Opaque handle on a recent file: main keeps the path. */
export const RecentFileId = z.string().regex(/^r_[0-9a-f]{24}$/, 'not a recent file');

export const RecentFile = z.object({
  id: RecentFileId,
  name: z.string(),
  size: z.number().int().nonnegative(),
  openedAt: z.string(),
});
export type RecentFile = z.infer<typeof RecentFile>;

export const draftRequests = {
  'drafts.get': {
    input: z.object({ fileRef: FileRef }).strict(),
    output: DraftLookup,
  },
  'drafts.save': {
    input: z.object({ fileRef: FileRef, draft: FileDraft }).strict(),
    output: z.object({ savedAt: z.string() }),
  },
  'drafts.discard': {
    input: z.object({ fileRef: FileRef }).strict(),
    output: z.object({ discarded: z.boolean() }),
  },
  /** The last files inspected on the Prepare screen that still exist, newest first. */
  'files.recent': {
    input: z.object({}).strict(),
    output: z.array(RecentFile),
  },
  /** Registers a recent file again, as a drop would. */
  'files.openRecent': {
    input: z.object({ id: RecentFileId }).strict(),
    output: RegisteredFile,
  },
} as const satisfies RequestMap;
