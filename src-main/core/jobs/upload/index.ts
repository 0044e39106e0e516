/** The upload job's public surface (design §3: `jobs.upload`). */
export { startUpload, jobKeyOf, jobDirOf, DEFAULT_CONCURRENCY, type UploadJob } from './upload-job';
export { resolveUploadInput } from './upload-input';
export { planUpload, MAX_FILES_PER_BATCH, MAX_BYTES_PER_BATCH } from './batch-plan';
export { pollBatch, findBatch, isTerminal, normaliseStatus } from './batch-poller';
export { downloadFailedRecords, outcomeOf, recordsOf } from './batch-report';
export { readJournal } from './journal';
export type { UploadOptions, UploadProgress, UploadResult, BatchOutcome, UploadInput, UploadPart, UploadPhase } from './upload-types';
