/**
 * Why a row did not take the fast path, by kind: the words summary.json and `prepare --json`
 * use to explain a slow run.
 *
 * Plan kinds decline every row of a file (the schema or the mapping is outside what the fast
 * path covers); row kinds decline one row (the general path then reports its issues, or
 * accepts it with a warning).
 */
export type FastPlanDecline =
  /** The source is not CSV/TSV: records arrive already shaped, the fast path reads cells. */
  | 'source-not-delimited'
  /** A mapped object (or the root) carries a keyword the fused checks do not reproduce (anyOf, $ref...). */
  | 'schema-keyword'
  /** A destination the fast path does not write: an object or array value, an array inside an array, an unknown field. */
  | 'destination-shape'
  /** A rule or identity reads a column the file does not have. */
  | 'unknown-column'
  /** An expression that does not parse (the general path reports it on every row). */
  | 'expression-unparsed'
  /** An identity descriptor inside identityMap, or an identityMap that is not a map. */
  | 'identity-map-shape'
  /** An identity descriptor whose path runs through an array the mapping writes. */
  | 'identity-descriptor-in-array'
  /** Rows must carry an identity (prepare's empty-identity check) and the mapping gives none. */
  | 'no-identity-mapped';

export type FastRowDecline =
  /** A value fails its conversion or its field's constraints. */
  | 'invalid-value'
  /** An expression throws on this row. */
  | 'expression-error'
  /** A required field (or a required field of an object the row writes) is absent. */
  | 'required-missing'
  /** An identity item fails the identityMap's schema. */
  | 'invalid-identity'
  /** The row's identities draw a warning (none primary, or several): accepted by the general path with it. */
  | 'identity-warning'
  /** The row has no identity at all: flagged (or rejected) by the general path. */
  | 'identity-missing';

export type FastDeclineKind = FastPlanDecline | FastRowDecline;

/** Which path the rows took: summary.json's `fastPath`. */
export interface FastPathStats {
  /** Rows that took the fast path. */
  rows: number;
  /** Rows (well-formed ones: malformed rows are rejected before either path) that took the general path. */
  declinedRows: number;
  /** declinedRows counted by why. */
  reasons: Partial<Record<FastDeclineKind, number>>;
}

export function emptyFastPathStats(): FastPathStats {
  return { rows: 0, declinedRows: 0, reasons: {} };
}
