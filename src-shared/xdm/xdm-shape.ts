import type { InspectedColumn } from '../domain/inspection';

/**
 * Whether a file's top-level columns can be XDM records, so that "Upload as is" makes sense.
 * Why these signs: in an XDM record every custom field sits under the tenant's `_<tenant>` object
 * and the standard field groups add objects (`person`, `identityMap`, `productListItems`); the
 * only plain values at the top are the few below. A flat table (`customer_id`, `email`,
 * `first_name`) has none of them, and uploaded as is every record would be refused.
 */
const PLAIN_XDM_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['_id', 'timestamp', 'eventType', 'eventMergeId', 'producedBy']);

export function looksLikeXdmRecords(columns: readonly Pick<InspectedColumn, 'name' | 'type'>[]): boolean {
  return columns.some((c) => c.type === 'object' || c.type === 'array' || c.name.startsWith('_') || PLAIN_XDM_TOP_LEVEL_FIELDS.has(c.name));
}
