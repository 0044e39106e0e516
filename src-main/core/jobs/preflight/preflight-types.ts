/**
 * What preflight reports: one check per condition a load depends on, each with a fix.
 * Why plain data: the report crosses IPC to the Upload screen and prints as JSON from the CLI;
 * the screen offers the fixes by id and must state, before anything changes, what cannot be undone.
 */

/** Stable codes the screen and scripts branch on. */
export const preflightCodes = [
  'DATASET_NOT_FOUND',
  'DATASET_NO_SCHEMA',
  'SCHEMA_MISMATCH',
  'SCHEMA_FIELDS_MISSING',
  'NOT_XDM',
  'SCHEMA_NOT_FOUND',
  'SCHEMA_CLASS_NOT_PROFILE',
  'SCHEMA_NOT_UNION',
  'DATASET_NOT_PROFILE',
  'DATASET_NOT_IDENTITY',
  'NO_PRIMARY_IDENTITY',
  'NAMESPACE_UNKNOWN',
  'NAMESPACE_CASE',
  'NO_RECORDS',
  'SENT_BEFORE',
] as const;
export type PreflightCode = (typeof preflightCodes)[number];

/** The fixes the app can apply itself (each one reuses a platform call). */
export type PreflightFixId = 'enable-schema-for-profile' | 'enable-dataset-for-profile';

export interface PreflightFix {
  id: PreflightFixId;
  /** What the button says. */
  label: string;
  /** Stated before applying: what changes and what cannot be taken back. */
  consequence: string;
  /** True when AEP offers no way back (the `union` tag; Profile data already ingested). */
  irreversible: boolean;
}

export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';

export interface PreflightCheck {
  /** Which condition this is (`dataset`, `schema`, `union`, ...), stable for passed checks too. */
  id: string;
  status: CheckStatus;
  /** Set when the check did not pass. */
  code?: PreflightCode;
  /** Plain words: what was found. */
  message: string;
  /** How to fix it by hand (in the AEP UI or the app). */
  howToFix?: string;
  /** Present when the app can apply the fix itself. */
  fix?: PreflightFix;
}

export interface PreflightReport {
  /** True when no check failed (warnings allowed). */
  ok: boolean;
  datasetId: string;
  datasetName?: string;
  schemaId?: string;
  profile: boolean;
  /** Records read to check identities (a sample, not the whole set). */
  recordsChecked: number;
  checks: PreflightCheck[];
}
