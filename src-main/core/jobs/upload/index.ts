/** The upload job's public surface (design §3: `jobs.upload`). */
export { startUpload, jobKeyOf, jobDirOf, DEFAULT_CONCURRENCY, type UploadJob } from './upload-job';
export { resolveUploadInput } from './upload-input';
export { planUpload, MAX_FILES_PER_BATCH, MAX_BYTES_PER_BATCH } from './batch-plan';
export { pollBatch, findBatch, isTerminal, normaliseStatus } from './batch-poller';
export { downloadFailedRecords, outcomeOf, recordsOf } from './batch-report';
export { readJournal } from './journal';
export { failedRecords, readFailedRecords } from './failed-record-reader';
export { failedRecordOf } from './failed-record-view';
export { lockHolder } from './job-lock';
export { targetKeyOf, isLocalTargetKey } from './target-key';
export {
  listLocalUploads,
  readLocalUpload,
  JOB_DIR_PREFIX,
  JOURNAL_FILE,
  LOCK_FILE,
  type LocalUpload,
  type LocalUploadBatch,
  type LocalUploadRun,
  type RunOutcome,
} from './local-uploads';
export { DEFAULT_CONFIRM_COUNT, DEFAULT_CONFIRM_WAIT_MS } from './confirm-load';
export type { UploadOptions, UploadProgress, UploadResult, BatchOutcome, UploadInput, UploadPart, UploadPhase, ConfirmOptions } from './upload-types';
export { pruneUploadJobs, DEFAULT_UPLOAD_RETENTION_MS, type PruneOptions, type PruneReport } from './retention';
