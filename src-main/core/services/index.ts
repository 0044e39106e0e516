import path from 'node:path';
import type { FileRegistry } from '../files/file-registry';
import type { ConnectionService } from '../platform/connection-service';
import { type BatchesService, createBatchesService } from './batches';
import { createFailedRecordsService, type FailedRecordsService } from './failed-records';
import { createProfilesService, type ProfilesService } from './profiles';
import { createTargetFromFileService, type TargetFromFileService } from './target-from-file';
import { createTargetsService, type TargetsService } from './targets';
import { createUploadHistory, type UploadHistory, type UploadRetention } from './upload-history';
import { type AppJobsView, createUploadsService, noAppJobs, type UploadsService } from './uploads';

export type { AppJobsView } from './uploads';
export { noAppJobs } from './uploads';
export type { BatchesService } from './batches';
export type { FailedRecordsService } from './failed-records';
export type { ProfilesService } from './profiles';
export type { ReadColumns, TargetChoices, TargetFromFileService } from './target-from-file';
export type { TargetsService } from './targets';
export type { UploadsService } from './uploads';
export { FORBIDDEN_EVENTS, FORBIDDEN_PROFILE } from './profiles';
export { type RunningUpload, uploadRunningError } from './upload-listing';

/**
 * The application layer: what the screens (through IPC handlers) and the commands (CLI) both ask
 * of core. Handlers and commands are adapters: they pick a connection, call one service, and shape
 * the answer for their medium, so a screen and a command cannot tell two stories about one batch.
 */
export interface Services {
  targets: TargetsService;
  /** A new Profile-ready schema and dataset proposed from a file, then created (issue 15). */
  targetFromFile: TargetFromFileService;
  uploads: UploadsService;
  batches: BatchesService;
  failedRecords: FailedRecordsService;
  profiles: ProfilesService;
  /** This machine's upload journals, as every service above reads them. */
  history: UploadHistory;
}

export interface ServicesOptions {
  connections: ConnectionService;
  /** The per-user data folder: upload journals in `jobs/`, failed records of others' batches in `failed/`. */
  dataDir: string;
  /** Retention of the jobs folder (succeeded uploads, ended streams, unused prepared outputs), applied once now (see createUploadHistory); the app default is 30 days. */
  uploadRetention: UploadRetention | Promise<UploadRetention>;
  /** The app jobs of this process (none by default: the CLI). */
  jobs?: AppJobsView;
  /** Files registered with this process (the app's dropped files); the CLI names paths instead. */
  files?: FileRegistry;
}

export function createServices(options: ServicesOptions): Services {
  const { connections, dataDir } = options;
  const history = createUploadHistory({ jobsDir: path.join(dataDir, 'jobs'), retention: options.uploadRetention });
  return {
    targets: createTargetsService({ connections }),
    targetFromFile: createTargetFromFileService({ connections }),
    uploads: createUploadsService({ connections, history, jobs: options.jobs ?? noAppJobs, ...(options.files ? { files: options.files } : {}) }),
    batches: createBatchesService({ connections, history }),
    failedRecords: createFailedRecordsService({ connections, history, dataDir }),
    profiles: createProfilesService({ connections }),
    history,
  };
}
