import { z } from 'zod';

/**
 * Mapping rules and mapping files, our own format (validated with zod).
 * Why our own and not AEP's mapping-set JSON: we keep identity rules and app data that a
 * mapping set cannot hold; import/export to AEP's shape is a separate, lossless-where-possible
 * translation (data-prep-interchange).
 */

export const RuleSource = z.discriminatedUnion('kind', [
  /** A source column (CSV header) or a dotted record path (JSON/Parquet). */
  z.object({ kind: z.literal('column'), column: z.string().min(1) }),
  /** A Data Prep expression (calculated field). */
  z.object({ kind: z.literal('expression'), expression: z.string().min(1).max(4096) }),
  /** A literal written as is. */
  z.object({ kind: z.literal('static'), value: z.string() }),
]);
export type RuleSource = z.infer<typeof RuleSource>;

export const MappingRule = z.object({
  source: RuleSource,
  /** XDM destination path: dots for nesting, `[n]` for array items (`identityMap.Email[0].id`). */
  destination: z.string().min(1),
  description: z.string().optional(),
});
export type MappingRule = z.infer<typeof MappingRule>;

export const authenticatedStates = ['ambiguous', 'authenticated', 'loggedOut'] as const;
export const AuthenticatedState = z.enum(authenticatedStates);
export type AuthenticatedState = z.infer<typeof AuthenticatedState>;

/** One identity of the record's identityMap, taken from a column. */
export const IdentityRule = z.object({
  column: z.string().min(1),
  /** Identity namespace code (`Email`, `Phone`, `CRMID`, `ECID` or a custom code). */
  namespace: z.string().min(1),
  primary: z.boolean().default(false),
  authenticatedState: AuthenticatedState.default('ambiguous'),
});
export type IdentityRule = z.infer<typeof IdentityRule>;

export const SchemaRef = z.object({
  id: z.string(),
  contentType: z.string().default('application/vnd.adobe.xed-full+json;version=1'),
});
export type SchemaRef = z.infer<typeof SchemaRef>;

export const MAPPING_FILE_VERSION = 1;

export const MappingFile = z.object({
  version: z.literal(MAPPING_FILE_VERSION),
  schemaRef: SchemaRef.optional(),
  rules: z.array(MappingRule),
  identities: z.array(IdentityRule).default([]),
  /** App-only data (UI state, column stats); never exported to AEP. */
  app: z.record(z.string(), z.unknown()).optional(),
});
export type MappingFile = z.infer<typeof MappingFile>;
export type MappingFileInput = z.input<typeof MappingFile>;
