import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { exportDataPrep } from '../../../src-shared/mapping/data-prep-interchange';
import type { prepareRequests, SavedMapping } from '../../../src-shared/ipc/requests/prepare';
import type { FileRegistry } from '../../core/files/file-registry';
import { startPrepareWorker } from '../../core/jobs/prepare/index';
import { parseMappingJson, saveMappingFile } from '../../core/mapping/index';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { FileToRead, FileWorkClient } from '../../core/workers/index';
import { prepareJob } from '../jobs/job-kinds';
import type { JobRegistry } from '../jobs/job-registry';
import type { PreparedOutputs } from '../jobs/prepared-outputs';
import { withUserFileName } from './app';
import { callOptions } from './call-options';
import type { HandlerFragment } from './fragment';
import { createSchemaResolver, localSchemas } from './prepare-schemas';

export interface PrepareHandlerDeps {
  files: FileRegistry;
  connections: ConnectionService;
  jobs: JobRegistry;
  /** What finished prepare jobs made (their id then names their output as an upload's source). */
  prepared: PreparedOutputs;
  dataDir: string;
  /** The worker thread that reads, maps and validates files (never the main thread: design §3). */
  work: FileWorkClient;
  /** Runs one prepare job (the worker thread by default; tests may bring their own). */
  runPrepareJob?: typeof startPrepareWorker;
}

const DATA_PREP_SUFFIX = '.mapping-set';

/**
 * Mapping to XDM and the prepare job.
 * Why it needs no connection: standard schemas resolve from the shipped library and schema files
 * from disk; only a sandbox schema asks the active connection. Reading the file, resolving the
 * schema, suggesting, previewing and checking a mapping run in the file worker; main resolves
 * references, fetches sandbox schemas and keeps the jobs. Previews and the job compile the same
 * mapping with the same validator, so a sample record and the job's verdict agree.
 */
export function prepareHandlers(deps: PrepareHandlerDeps): HandlerFragment<keyof typeof prepareRequests> {
  const schemas = createSchemaResolver(deps);
  const runJob = deps.runPrepareJob ?? startPrepareWorker;
  const mappingsDir = path.join(deps.dataDir, 'mappings');
  const jobsDir = path.join(deps.dataDir, 'jobs');

  /** The registered file as the worker reads it: main's path, the user's name. */
  function fileToRead(fileRef: string): Required<FileToRead> {
    const file = deps.files.resolve(fileRef);
    return { path: file.path, name: file.name };
  }

  async function savedList(): Promise<SavedMapping[]> {
    let names: string[];
    try {
      names = await readdir(mappingsDir);
    } catch {
      return [];
    }
    const list = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (n) => {
          const name = n.slice(0, -'.json'.length);
          const info = await stat(path.join(mappingsDir, n));
          return { name, format: name.endsWith(DATA_PREP_SUFFIX) ? 'data-prep' : 'xdm-loader', modifiedAt: info.mtime.toISOString() } as const;
        }),
    );
    return list.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  return {
    'schemas.local': async () => localSchemas(),

    'schemas.tree': async ({ schema }, ctx) => deps.work.call('schemaTree', { schema: await schemas.source(schema, ctx.signal) }, callOptions(ctx)),

    'mapping.suggest': async ({ fileRef, schema }, ctx) => {
      const file = fileToRead(fileRef);
      return deps.work.call('suggest', { file, schema: await schemas.source(schema, ctx.signal) }, callOptions(ctx));
    },

    'mapping.preview': async ({ fileRef, schema, mapping, rows }, ctx) => {
      const file = fileToRead(fileRef);
      return deps.work.call('preview', { file, schema: await schemas.source(schema, ctx.signal), mapping, rows }, callOptions(ctx));
    },

    'mapping.save': async ({ name, mapping, format }) => {
      await mkdir(mappingsDir, { recursive: true });
      const base = format === 'data-prep' && !name.endsWith(DATA_PREP_SUFFIX) ? `${name}${DATA_PREP_SUFFIX}` : name;
      const fileName = `${base}.json`;
      const target = path.join(mappingsDir, fileName);
      let content: string;
      let warnings: string[] = [];
      if (format === 'data-prep') {
        const exported = exportDataPrep(mapping);
        warnings = exported.warnings;
        content = `${JSON.stringify(exported.mappingSet, null, 2)}\n`;
        await writeFile(target, content);
      } else {
        const saved = await saveMappingFile(target, mapping);
        content = `${JSON.stringify(saved, null, 2)}\n`;
      }
      const info = await stat(target);
      return { saved: { name: base, format, modifiedAt: info.mtime.toISOString() }, content, fileName, warnings };
    },

    'mapping.list': async () => savedList(),

    'mapping.load': async ({ from }) => {
      const file =
        from.kind === 'saved' ? { path: path.join(mappingsDir, `${from.name}.json`), name: `${from.name}.json` } : deps.files.resolve(from.fileRef);
      let text: string;
      try {
        text = await readFile(file.path, 'utf8');
      } catch {
        if (from.kind === 'saved') throw new AppError('NOT_FOUND', `There is no saved mapping called "${from.name}".`, { field: 'from.name' });
        throw new AppError('FILE_UNREADABLE', `${file.name} cannot be read.`, { file: file.name });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new AppError('FILE_MALFORMED', `${file.name} is not valid JSON: ${(error as Error).message}`, { file: file.name });
      }
      const mapping = parseMappingJson(json, file.name);
      const dataPrep = typeof json === 'object' && json !== null && 'mappings' in json && !('version' in json);
      return { mapping, importedFrom: dataPrep ? 'data-prep' : 'xdm-loader' };
    },

    'jobs.prepare': async ({ jobId, fileRef, schema, mapping, format }, ctx) => {
      const file = fileToRead(fileRef);
      const { inspection, columns, problems, ...loaded } = await deps.work.call(
        'prepareCheck',
        { file, schema: await schemas.source(schema, ctx.signal), mapping },
        callOptions(ctx),
      );
      const first = problems[0];
      if (first) throw new AppError('INVALID_INPUT', problems.map((p) => p.message).join('\n'), { field: `mapping.rules[${first.ruleIndex}]` });
      await mkdir(jobsDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const outDir = path.join(jobsDir, `${stamp}-${path.parse(file.name).name.replace(/[^\w.-]+/g, '_')}`);
      const source = { format: inspection.format, encoding: inspection.encoding, delimiter: inspection.delimiter, hasHeader: inspection.hasHeader };
      deps.jobs.start({
        id: jobId,
        events: prepareJob,
        outDir,
        ...(ctx.signal ? { owner: ctx.signal } : {}),
        run: async (control) => {
          try {
            const summary = await runJob(
              { inputPath: file.path, source, schema: loaded.schema, descriptors: loaded.descriptors, mapping, outDir, format },
              {
                signal: control.signal,
                columns,
                onThread: (thread) => control.attach(thread),
                onProgress: (p) =>
                  control.progress({ bytesRead: p.bytesRead, bytesTotal: p.totalBytes, rowsRead: p.rowsRead, rowsWritten: p.rowsWritten, rowsRejected: p.rowsRejected }),
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

    'jobs.rejects': async ({ jobId, limit }, ctx) => {
      if (deps.jobs.has(jobId)) throw new AppError('CONFLICT', 'The job has not finished yet; its rejects are still being written.', { field: 'jobId' });
      const job = deps.prepared.get(jobId);
      const file = path.join(job.outDir, job.summary.rejectsFile);
      const total = job.summary.rowsRejected;
      if (total === 0) return { fileName: job.summary.rejectsFile, columns: [], rows: [], total };
      const inspection = await deps.work.call('inspect', { file: { path: file }, maxRows: limit }, callOptions(ctx));
      return { fileName: job.summary.rejectsFile, columns: inspection.columns.map((c) => c.name), rows: inspection.rows.slice(0, limit), total };
    },
  };
}
