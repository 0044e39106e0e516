/**
 * Every kind of problem a value or record can have, as AEP would judge it.
 * Why one list: the prepare summary counts issues by field and kind, the renderer colours them,
 * and the Local sandbox reports the same kinds; one union keeps all three in step.
 */
export const conversionIssueKinds = [
  'null-value',
  'empty-value',
  'type-mismatch',
  'not-a-number',
  'not-an-integer',
  'out-of-range',
  'invalid-date',
  'invalid-date-time',
  'invalid-boolean',
] as const;
export type ConversionIssueKind = (typeof conversionIssueKinds)[number];

export const validationIssueKinds = [
  'required-missing',
  'unknown-field',
  'enum-mismatch',
  'format-mismatch',
  'pattern-mismatch',
  'length-out-of-range',
  'constraint-violated',
  'identity-invalid',
  'identity-no-primary',
  'identity-multiple-primary',
  'identity-missing',
  'mapping-error',
  'malformed-row',
] as const;

export const xdmIssueKinds = [...conversionIssueKinds, ...validationIssueKinds] as const;
export type XdmIssueKind = (typeof xdmIssueKinds)[number];

/** Errors reject the record; warnings (identity hints) let it through but are reported. */
export type IssueSeverity = 'error' | 'warning';

/** A problem found at a field path of a record (`person.name.firstName`, `items[0].SKU`, '' for the root). */
export interface XdmIssue {
  kind: XdmIssueKind;
  path: string;
  message: string;
  severity: IssueSeverity;
}

/**
 * Kinds that only warn: the record is still accepted by the data lake, but not by Profile.
 * `identity-missing` is a warning unless the user chose to reject such rows (prepare's
 * `--empty-identity reject`), which makes it an error for that run.
 */
export const warningIssueKinds: ReadonlySet<XdmIssueKind> = new Set<XdmIssueKind>(['identity-no-primary', 'identity-multiple-primary', 'identity-missing']);

/** What prepare does with a row whose identities are all empty (Profile skips such a record). */
export const emptyIdentityChoices = ['flag', 'reject'] as const;
export type EmptyIdentityChoice = (typeof emptyIdentityChoices)[number];

/** Builds an issue with the severity implied by its kind. */
export function makeIssue(kind: XdmIssueKind, path: string, message: string): XdmIssue {
  return { kind, path, message, severity: warningIssueKinds.has(kind) ? 'warning' : 'error' };
}

/** Joins a parent path and a child key or index into a display path. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
