import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { listLocalStreams, type LocalStream } from '../jobs/stream/index';
import { pruneJobFolders } from '../jobs/job-retention';
import { JOB_DIR_PREFIX, listLocalUploads, type LocalUpload, type LocalUploadBatch } from '../jobs/upload/index';

/**
 * The uploads this machine journaled (the app's and `xdm-loader upload`'s), and its streaming runs,
 * read from `<dataDir>/jobs`.
 * Why one reader: the Jobs screen's history, a resume, the Batches screen and `xdm-loader status`
 * all say what this machine sent from the same journals, after the same retention.
 */
export interface UploadHistory {
  /** The folder holding the `upload-*` job folders (and prepared outputs). */
  readonly jobsDir: string;
  /** Settles once retention has run: no upload may start in, nor list, a folder being removed. */
  ready(): Promise<void>;
  /** Every journaled upload, newest first. */
  list(): Promise<LocalUpload[]>;
  /** Every journaled streaming run (`stream-*` folders beside the uploads), newest first. */
  streams(): Promise<LocalStream[]>;
  /** The journaled upload that sent `batchId`, with that batch, if this machine sent it. */
  findBatch(batchId: string): Promise<SentBatch | undefined>;
  /** `jobDir` checked to be one of this history's job folders (never any other path), resolved. */
  jobFolder(jobDir: string): string;
}

export interface SentBatch {
  job: LocalUpload;
  batch: LocalUploadBatch;
}

export interface UploadHistoryOptions {
  jobsDir: string;
  /**
   * Succeeded upload jobs, ended streaming runs and prepared outputs no kept job reads, older than
   * `maxAgeMs`, are removed once, when the history is created (the app's start: core/jobs/job-retention.ts);
   * `false` keeps every folder (the CLI: a status check never deletes anything). Interrupted,
   * running and failed uploads are always kept.
   */
  retention: UploadRetention | Promise<UploadRetention>;
}

/** How long succeeded upload jobs are kept, or `false` to keep them all; may come from the settings file. */
export type UploadRetention = { maxAgeMs: number } | false;

export function createUploadHistory(options: UploadHistoryOptions): UploadHistory {
  const { jobsDir } = options;
  // A failure to prune must not stop the app: the folders stay, and the next start tries again.
  const pruned: Promise<void> = Promise.resolve(options.retention)
    .then((retention) => (retention === false ? undefined : pruneJobFolders(jobsDir, retention)))
    .then(
      () => undefined,
      () => undefined,
    );

  async function list(): Promise<LocalUpload[]> {
    await pruned;
    return listLocalUploads(jobsDir);
  }

  return {
    jobsDir,
    ready: () => pruned,
    list,
    streams: async () => {
      await pruned;
      return listLocalStreams(jobsDir);
    },
    async findBatch(batchId) {
      for (const job of await list()) {
        const batch = job.batches.find((b) => b.batchId === batchId);
        if (batch) return { job, batch };
      }
      return undefined;
    },
    jobFolder(jobDir) {
      const dir = path.resolve(jobDir);
      if (path.dirname(dir) !== path.resolve(jobsDir) || !path.basename(dir).startsWith(JOB_DIR_PREFIX)) {
        throw new AppError('INVALID_INPUT', "jobDir must be one of the app's upload job folders, as uploads.list gives them.", { field: 'jobDir' });
      }
      return dir;
    },
  };
}
