/**
 * What confirmation reports: per identity, found in Profile or missing and why.
 * Why reasons are codes with words: the Profiles screen links each reason to its fix, and a
 * script can tell "wait longer" from "this will never arrive".
 */
export const missingReasons = [
  /** The sandbox has no namespace with this code: identities in it never reach Profile. */
  'NAMESPACE_UNKNOWN',
  /** The sandbox has the namespace with another case. */
  'NAMESPACE_CASE',
  /** The dataset lacks `unifiedProfile` (or `unifiedIdentity`). */
  'DATASET_NOT_PROFILE',
  /** The dataset's schema lacks the `union` tag. */
  'SCHEMA_NOT_UNION',
  /** The batch succeeded recently: Profile may still be applying it. */
  'STILL_PROCESSING',
  /** Nothing above explains it (record rejected, merge policy, deleted since...). */
  'NOT_IN_PROFILE',
  /** Profile Access refused the lookup (403): nothing is known about this identity. */
  'FORBIDDEN',
] as const;
export type MissingReason = (typeof missingReasons)[number];

export interface IdentityResult {
  namespace: string;
  id: string;
  /** Null when the lookup could not be made (403). */
  found: boolean | null;
  /** The profile's id (XID) and contributing datasets, when found. */
  entityId?: string;
  sources?: string[];
  reason?: MissingReason;
  /** Plain words for `reason`, with what to do. */
  explanation?: string;
}

export type ConfirmStatus =
  /** Every sampled identity was found. */
  | 'confirmed'
  /** Some were found, some not. */
  | 'partial'
  /** None was found. */
  | 'missing'
  /** Profile Access refused the lookups (403): an entitlement or permission, not "not found". */
  | 'forbidden'
  /** No identity to look up. */
  | 'nothing-to-check';

export interface ConfirmReport {
  status: ConfirmStatus;
  found: number;
  missing: number;
  identities: IdentityResult[];
  /** Why the lookups were refused, when status is `forbidden`. */
  forbidden?: string;
  /** Lookup rounds made (1 + retries while waiting for processing). */
  rounds: number;
  waitedMs: number;
}
