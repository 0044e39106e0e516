import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import type { FileRegistry } from '../../core/files/file-registry';
import { prepareSourceOf, startPrepareWorker } from '../../core/jobs/prepare/index';
import { preparedFolderName } from '../../core/jobs/prepare/prepared-folder';
import type { FileWorkClient } from '../../core/workers/index';
import { prepareJob } from '../jobs/job-kinds';
import type { JobRegistry } from '../jobs/job-registry';
import type { PreparedOutputs } from '../jobs/prepared-outputs';
import { withUserFileName } from './app';
import { callOptions } from './call-options';
import type { HandlerFragment } from './fragment';
import type { SchemaResolver } from './schema-sources';
import { registeredFile } from './registered-file';

export interface PrepareHandlerDeps {
  files: FileRegistry;
  jobs: JobRegistry;
  /** What finished prepare jobs made (their id then names their output as an upload's source). */
  prepared: PreparedOutputs;
  dataDir: string;
  /** The worker thread that reads, maps and validates files (never the main thread: design §3). */
  work: FileWorkClient;
  /** Schema choices as the worker loads them, with the session's cache of fetched documents (shared with schemas and mapping). */
  schemaSources: SchemaResolver;
  /** Runs one prepare job (the worker thread by default; tests may bring their own). */
  runPrepareJob?: typeof startPrepareWorker;
}

/** The prepare job and what reads its output (the upload and stream jobs are in jobs.ts). */
export type PrepareJobRequest = 'jobs.prepare' | 'jobs.cancel' | 'jobs.rejects';

/**
 * The prepare job: read, map, validate and write XDM parts and rejects, in a worker thread.
 * Why it needs no connection: standard schemas resolve from the shipped library and schema files
 * from disk; only a sandbox schema asks the active connection. The job compiles the mapping with
 * the same validator as the previews (mapping.ts), so a sample record and the job's verdict agree.
 */
export function prepareHandlers(deps: PrepareHandlerDeps): HandlerFragment<PrepareJobRequest> {
  const schemas = deps.schemaSources;
  const runJob = deps.runPrepareJob ?? startPrepareWorker;
  const jobsDir = path.join(deps.dataDir, 'jobs');
  const fileToRead = (fileRef: string, read?: ReadSettings) => registeredFile(deps.files, fileRef, read);

  return {
    'jobs.prepare': async ({ jobId, fileRef, read, schema, mapping, format, emptyIdentity }, ctx) => {
      const file = fileToRead(fileRef, read);
      const { inspection, columns, problems, ...loaded } = await deps.work.call(
        'prepareCheck',
        { file, schema: await schemas.source(schema, ctx.signal), mapping },
        callOptions(ctx),
      );
      const first = problems[0];
      if (first) throw new AppError('INVALID_INPUT', problems.map((p) => p.message).join('\n'), { field: `mapping.rules[${first.ruleIndex}]` });
      await mkdir(jobsDir, { recursive: true });
      const outDir = path.join(jobsDir, preparedFolderName(new Date(), file.name));
      // As the steward set it on the File step: delimiter, quote, header row, encoding, date formats.
      const { source } = prepareSourceOf(inspection);
      deps.jobs.start({
        id: jobId,
        events: prepareJob,
        outDir,
        ...(ctx.signal ? { owner: ctx.signal } : {}),
        run: async (control) => {
          try {
            const summary = await runJob(
              { inputPath: file.path, source, schema: loaded.schema, descriptors: loaded.descriptors, mapping, outDir, format, emptyIdentity },
              {
                signal: control.signal,
                columns,
                onThread: (thread) => control.attach(thread),
                onProgress: (p) =>
                  control.progress({
                    bytesRead: p.bytesRead,
                    bytesTotal: p.totalBytes,
                    rowsRead: p.rowsRead,
                    rowsWritten: p.rowsWritten,
                    rowsRejected: p.rowsRejected,
                  }),
              },
            );
            // Remembered before the finished event goes out, so an upload of it can start at once.
            deps.prepared.remember(jobId, { summary, outDir });
            return { summary, outDir };
          } catch (error) {
            throw withUserFileName(error, file.path, file.name);
          }
        },
      });
      return { jobId, outDir };
    },

    'jobs.cancel': async ({ jobId }) => ({ jobId, cancelled: deps.jobs.cancel(jobId) }),

    'jobs.rejects': async ({ jobId, limit, offset, row, list }, ctx) => {
      if (deps.jobs.has(jobId)) throw new AppError('CONFLICT', 'The job has not finished yet; its rejects are still being written.', { field: 'jobId' });
      const job = deps.prepared.get(jobId);
      // A summary from before warnings were listed has no warnings file: nothing to page through.
      const fileName = list === 'warnings' ? job.summary.warningsFile : job.summary.rejectsFile;
      const total = list === 'warnings' ? job.summary.rowsWithWarnings : job.summary.rowsRejected;
      if (fileName === undefined || total === 0) return { fileName: fileName ?? '', columns: [], rows: [], total: 0, offset: 0 };
      const file = path.join(job.outDir, fileName);
      const page = await deps.work.call('rejectsPage', { file, offset, limit, ...(row === undefined ? {} : { row }) }, callOptions(ctx));
      return { fileName, ...page, total };
    },
  };
}
