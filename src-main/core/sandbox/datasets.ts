/**
 * Dataset helpers shared by Catalog, ingestion, streaming and Profile.
 *
 * Whether a dataset feeds Profile is decided by its tags (`unifiedProfile: ["enabled:true"]`, spaces
 * around `:` ignored, aep-notes §3.3) together with its schema's `union` tag.
 */
import type { SandboxContext } from './context';
import { isJsonObject, type JsonObject } from './json';

/** True when a tag list contains `enabled:true` (also `enabled: true`). */
export function tagEnabled(dataset: JsonObject, tag: string): boolean {
  const tags = isJsonObject(dataset.tags) ? dataset.tags : {};
  const v = tags[tag];
  return Array.isArray(v) && v.some((x) => typeof x === 'string' && x.replace(/\s+/g, '').toLowerCase() === 'enabled:true');
}

/** The `$id` of a dataset's schema. */
export function schemaIdOf(dataset: JsonObject): string | undefined {
  return isJsonObject(dataset.schemaRef) && typeof dataset.schemaRef.id === 'string' ? dataset.schemaRef.id : undefined;
}

/** A dataset reaches Profile when the dataset is tagged and its schema carries `union`. */
export function profileEnabled(ctx: Pick<SandboxContext, 'registry'>, sandbox: string, dataset: JsonObject): boolean {
  const schemaId = schemaIdOf(dataset);
  return tagEnabled(dataset, 'unifiedProfile') && schemaId !== undefined && ctx.registry.isUnion(sandbox, schemaId);
}

/** Bumps a semver string's patch number, as Catalog does on every change. */
export function bumpVersion(version: unknown): string {
  const [a = '1', b = '0', c = '0'] = String(typeof version === 'string' ? version : '1.0.0').split('.');
  return `${a}.${b}.${Number(c) + 1}`;
}
