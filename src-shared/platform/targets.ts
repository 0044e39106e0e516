import { z } from 'zod';

/**
 * Summaries of what data can be loaded into: schemas, datasets, identity namespaces.
 * Why summaries: the target screen and `xdm-loader schemas|datasets` need a few decided facts
 * (class, Profile enablement, primary identity), not AEP's raw objects with their quirks.
 */

export const XDM_PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const XDM_EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';

export const IdentityDescriptorSummary = z.object({
  /** Field path in the schema, JSON-Pointer-like (`/personalEmail/address`). */
  path: z.string(),
  namespace: z.string(),
  primary: z.boolean(),
});
export type IdentityDescriptorSummary = z.infer<typeof IdentityDescriptorSummary>;

export const SchemaSummary = z.object({
  /** The schema's `$id` URI. */
  id: z.string(),
  altId: z.string().optional(),
  title: z.string(),
  version: z.string().optional(),
  /** The class `$id` (`meta:class`), when the registry said. */
  classId: z.string().optional(),
  /** Whether the schema carries the immutable `union` tag (enabled for Profile). */
  profileEnabled: z.boolean(),
  identities: z.array(IdentityDescriptorSummary),
  /**
   * Whether the schema has an `identityMap` (the Identity Map field group, or the ExperienceEvent
   * class, which brings it). AEP lets such a schema join the union without a primary identity
   * descriptor: each record then names its primary identity in its identityMap.
   */
  identityMap: z.boolean().optional(),
});
export type SchemaSummary = z.infer<typeof SchemaSummary>;

/**
 * Whether the schema has what AEP requires before the `union` tag: a primary identity descriptor,
 * or an identityMap (AEP answers XDM-1528-400 otherwise).
 */
export function hasProfileIdentity(schema: SchemaSummary): boolean {
  return schema.identities.some((identity) => identity.primary) || schema.identityMap === true;
}

export const DatasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** The schema's `$id`, when the dataset has a `schemaRef`. */
  schemaId: z.string().optional(),
  /** `unifiedProfile` tag says enabled (whitespace around `:` ignored, aep-notes §3.3). */
  profileEnabled: z.boolean(),
  identityEnabled: z.boolean(),
  /** `unifiedProfile` carries `isUpsert:true`. */
  upsert: z.boolean(),
  lastBatchId: z.string().optional(),
  lastBatchStatus: z.string().optional(),
  /** Epoch milliseconds. */
  created: z.number().optional(),
  updated: z.number().optional(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const IdentityNamespaceSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  idType: z.string().optional(),
  custom: z.boolean(),
  status: z.string().optional(),
});
export type IdentityNamespaceSummary = z.infer<typeof IdentityNamespaceSummary>;
