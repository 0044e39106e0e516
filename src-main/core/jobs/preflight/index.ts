/**
 * Preflight: what must hold before an upload, and the fixes the app can apply.
 * Why one surface: the upload job, IPC and the CLI call these; the modules behind change freely.
 */
export { runPreflight, type PreflightInput } from './run-preflight';
export { applyPreflightFix, enableDatasetFix, enableSchemaFix, preflightFixes, type FixTarget } from './preflight-fixes';
export { preparedInput, preparedRecords, partRecords, type PreparedInput, type PreparedFormat } from './prepared-records';
export { primaryIdentity, recordIdentities, type RecordIdentity } from './record-identities';
export type { CheckStatus, PreflightCheck, PreflightCode, PreflightFix, PreflightFixId, PreflightReport } from './preflight-types';
export { preflightCodes } from './preflight-types';
