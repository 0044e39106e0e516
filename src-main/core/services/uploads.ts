import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { IngestSource } from '../../../src-shared/ipc/requests/upload-shapes';
import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import type { FileRegistry } from '../files/file-registry';
import { readLocalUpload, type LocalUpload } from '../jobs/upload/index';
import type { ConnectionService } from '../platform/connection-service';
import type { UploadHistory } from './upload-history';
import type { PreflightCheck } from '../jobs/preflight/index';
import { earlierSends, type SentTo, sentBeforeCheck } from './earlier-sends';
import { connectionOf, describeStream, describeUpload, type RunningUpload, uploadRunningError, uploadState } from './upload-listing';

/**
 * What the process running app jobs tells the services about them.
 * Why a port: the job registry belongs to the IPC side, which core never imports; a process that
 * runs no app jobs (the CLI) has none running and no prepare job to name.
 */
export interface AppJobsView {
  /** Uploads running as app jobs now. */
  runningUploads(): readonly RunningUpload[];
  /** The output folder of a finished prepare job; throws a coded error for any other job. */
  preparedOutput(jobId: string): string;
}

/** The view of a process that runs no app jobs (the CLI runs its upload in the command itself). */
export const noAppJobs: AppJobsView = {
  runningUploads: () => [],
  preparedOutput: () => {
    throw new AppError('NOT_FOUND', 'This process runs no prepare jobs: name the prepared folder instead.', { field: 'source.jobId' });
  },
};

/** A journaled upload that may be resumed, with the saved connection its target belongs to. */
export interface ResumableUpload {
  jobDir: string;
  upload: LocalUpload;
  connectionId: string;
}

export interface UploadsService {
  /** Main's path of what to upload, stream, preflight or confirm: a registered file, a prepare job's output, or a prepared folder. */
  sourcePath(source: IngestSource): string;
  /** Settles once retention has run (an upload must not start in a folder being removed). */
  ready(): Promise<void>;
  /** This machine's uploads and streaming runs, newest first, each with its state, running job and connection. */
  list(limit: number): Promise<LocalUploadShape[]>;
  /**
   * Preflight's warning when this machine already sent the records of `input` (a path) to the
   * dataset, by batch or by streaming (earlier-sends.ts); undefined when it did not.
   */
  sentBefore(input: string, to: SentTo): Promise<PreflightCheck | undefined>;
  /** The checks before a resume: a job folder with a journal, not running, not finished, its input still there, a connection for its target. */
  resumable(jobDir: string): Promise<ResumableUpload>;
}

export interface UploadsServiceDeps {
  connections: ConnectionService;
  history: UploadHistory;
  jobs: AppJobsView;
  /** Files the user registered with this process (absent where files are named by path: the CLI). */
  files?: FileRegistry;
}

/**
 * Uploads as the Jobs screen and a resume see them: where an upload's records are, what this
 * machine's journals say, and whether a journaled upload can go on.
 * Why in core: these rules decide what is sent to AEP; they must not depend on which screen or
 * command asks.
 */
export function createUploadsService(deps: UploadsServiceDeps): UploadsService {
  const { history } = deps;

  return {
    sourcePath(source) {
      if (source.kind === 'file') {
        if (!deps.files) throw new AppError('NOT_FOUND', 'No file is registered with this process: name the file by its path.', { field: 'source.fileRef' });
        return deps.files.resolve(source.fileRef).path;
      }
      if (source.kind === 'job') return deps.jobs.preparedOutput(source.jobId);
      const folder = path.resolve(source.path);
      const inside = path.relative(history.jobsDir, folder);
      if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
        throw new AppError('INVALID_INPUT', "A folder to upload must be one of the app's prepared folders (the outDir jobs.prepare returned).", {
          field: 'source.path',
        });
      }
      return folder;
    },

    ready: () => history.ready(),

    async list(limit) {
      const [uploads, streams, connections] = await Promise.all([history.list(), history.streams(), deps.connections.list()]);
      const running = deps.jobs.runningUploads();
      const described = [
        ...(await Promise.all(uploads.slice(0, limit).map((u) => describeUpload(u, running, connections)))).flat(),
        ...streams.slice(0, limit).map((s) => describeStream(s, connections)),
      ];
      return described.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
    },

    async sentBefore(input, to) {
      const [uploads, streams] = await Promise.all([history.list(), history.streams()]);
      return sentBeforeCheck(await earlierSends(input, to, { uploads, streams }));
    },

    async resumable(jobDir) {
      const dir = history.jobFolder(jobDir);
      await history.ready();
      const upload = await readLocalUpload(dir);
      if (!upload) throw new AppError('NOT_FOUND', `${dir} holds no upload journal: there is nothing to resume.`, { field: 'jobDir' });
      const { state, jobId } = await uploadState(upload, deps.jobs.runningUploads());
      if (state === 'running') {
        throw jobId
          ? uploadRunningError(jobId, { field: 'jobDir' })
          : new AppError('CONFLICT', 'This upload is already running in another process (xdm-loader upload); wait for it or stop it first.', {
              field: 'jobDir',
            });
      }
      if (state === 'succeeded')
        throw new AppError('CONFLICT', 'This upload already succeeded: there is nothing to resume. Upload it again (again: true) to send a new batch.', {
          field: 'jobDir',
        });
      if (state === 'failed')
        throw new AppError(
          'CONFLICT',
          'This upload ended with a failed batch: resuming cannot change that. Fix the records, prepare again and upload the new output.',
          { field: 'jobDir' },
        );
      // `aborted` (the user cancelled, whether or not its batch existed yet) is resumed like an
      // interrupted job: the run goes on, and each cancelled group starts anew in a new batch; the
      // aborted batch is never reused. The same rule applies when `xdm-loader upload` is run again.
      const exists = await stat(upload.input).then(
        () => true,
        () => false,
      );
      if (!exists)
        throw new AppError('NOT_FOUND', `The input of this upload, ${upload.input}, is gone: it cannot be resumed.`, { field: 'jobDir', file: upload.input });
      const connectionId = connectionOf(upload.target, await deps.connections.list());
      if (connectionId === undefined) {
        throw new AppError(
          'NOT_FOUND',
          upload.target === undefined
            ? 'This upload was journaled by an older version that did not record its target: run the same upload again to resume it.'
            : `No saved connection points at this upload's target (${upload.target.replace(/\|/g, ', ')}): add that connection, then resume.`,
          { field: 'jobDir' },
        );
      }
      return { jobDir: dir, upload, connectionId };
    },
  };
}
