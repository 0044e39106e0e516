import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { BatchSummary, IngestSource, ingestRequests, UploadResultShape } from '../../../src-shared/ipc/requests/ingest';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import type { FileRegistry } from '../../core/files/file-registry';
import { applyPreflightFix, preflightFixes, preparedInput, preparedRecords, runPreflight } from '../../core/jobs/preflight/index';
import { confirmPrepared } from '../../core/jobs/confirm/index';
import {
  DEFAULT_UPLOAD_RETENTION_MS,
  downloadFailedRecords,
  JOB_DIR_PREFIX,
  listLocalUploads,
  normaliseStatus,
  pruneUploadJobs,
  readFailedRecords,
  readLocalUpload,
  recordsOf,
  targetKeyOf,
  type LocalUpload,
  type UploadOptions,
} from '../../core/jobs/upload/index';
import { createTokenProvider, type TokenProvider } from '../../core/platform/ims-token';
import { silentLogger } from '../../core/platform/logger';
import { getBatch, listBatches, type CatalogBatch } from '../../core/platform/catalog';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { PlatformClient } from '../../core/platform/platform-client';
import { getEntity } from '../../core/platform/profile-access';
import type { JobId } from '../../../src-shared/ipc/job-id';
import { streamJob, uploadJob } from '../jobs/job-kinds';
import { uploadRunningError, type JobRegistry } from '../jobs/job-registry';
import type { PreparedOutputs } from '../jobs/prepared-outputs';
import { connectionOf, describeUpload, uploadState } from '../jobs/upload-listing';
import { startStreamThread } from '../jobs/stream-thread';
import { startUploadThread } from '../jobs/upload-thread';
import type { HandlerFragment } from './fragment';

export interface IngestHandlerDeps {
  files: FileRegistry;
  connections: ConnectionService;
  jobs: JobRegistry;
  /** What finished prepare jobs made (a source may name one by its job id). */
  prepared: PreparedOutputs;
  dataDir: string;
  /** Tuning of the upload job (tests: fast polling, a small single-PUT limit to exercise chunks). */
  uploadTuning?: Pick<UploadOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollTimeoutMs' | 'singlePutMaxBytes' | 'confirm'>;
  /**
   * Succeeded upload jobs older than `maxAgeMs` are removed when the handlers are created (app
   * start); default 30 days, `false` keeps every job. Interrupted, running and failed jobs are kept.
   */
  uploadRetention?: { maxAgeMs: number } | false;
  /**
   * Where upload and stream workers get access tokens (they never see a secret). The composition root passes
   * the connection service's provider, so jobs and screens share one token cache; else a new one.
   */
  tokens?: TokenProvider;
}

/** The Local sandbox takes any inlet id (it has no Flow Service). */
const LOCAL_INLET = 'xdm-loader-local';
const MIB = 1024 * 1024;
/** What `uploads.resume` runs with (the contract's `jobs.upload` defaults). */
const DEFAULT_APP_CONCURRENCY = 4;
const DEFAULT_APP_CHUNK_MB = 64;

const FORBIDDEN_PROFILE =
  'Profile Access refused the lookup (403): this organization or its API credential is not entitled to the Profile Access API ' +
  '(it needs Real-Time CDP Ultimate, and the credential a product profile with Profile read permission). This says nothing about whether the profile exists.';

type LocalBatch = LocalUpload['batches'][number];

/**
 * Ingest: the upload job, its pause and resume, batches, failed records, Profile lookups, streaming.
 * Why the upload and the stream run in worker threads (ipc/jobs/upload-thread.ts, stream-thread.ts):
 * streaming parts from disk into HTTP bodies and journaling run JavaScript per chunk, and a stream
 * reads its records and may take a quarter of an hour at AEP's synchronous pace; this thread only
 * relays progress, stop (and an upload's pause and resume) and access tokens. Batches, failed
 * records and lookups are a few HTTP calls each, so they run here as async I/O.
 */
export function ingestHandlers(deps: IngestHandlerDeps): HandlerFragment<keyof typeof ingestRequests> {
  const jobsDir = path.join(deps.dataDir, 'jobs');
  const tokens = deps.tokens ?? createTokenProvider({ logger: silentLogger });

  async function clientOf(connectionId: string | undefined): Promise<PlatformClient> {
    return deps.connections.client(connectionId ?? (await deps.connections.activeId()));
  }

  /** Main's path of what to upload or stream. */
  function sourcePath(source: IngestSource): string {
    if (source.kind === 'file') return deps.files.resolve(source.fileRef).path;
    if (source.kind === 'job') {
      if (deps.jobs.has(source.jobId)) throw new AppError('CONFLICT', 'The prepare job has not finished: upload its parts once it has.', { field: 'source.jobId' });
      return deps.prepared.get(source.jobId, 'source.jobId').outDir;
    }
    const folder = path.resolve(source.path);
    const inside = path.relative(jobsDir, folder);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new AppError('INVALID_INPUT', "A folder to upload must be one of the app's prepared folders (the outDir jobs.prepare returned).", { field: 'source.path' });
    }
    return folder;
  }

  // Once per start, before any job runs or is listed. A failure to prune must not stop the app:
  // the folders stay, and the next start tries again.
  const retention = deps.uploadRetention ?? { maxAgeMs: DEFAULT_UPLOAD_RETENTION_MS };
  const pruned: Promise<unknown> = retention === false ? Promise.resolve() : pruneUploadJobs(jobsDir, retention).catch(() => undefined);

  /** Upload jobs on disk (this app's and the CLI's), newest first. */
  const localJobs = async (): Promise<LocalUpload[]> => {
    await pruned;
    return listLocalUploads(jobsDir);
  };

  /**
   * Starts an app upload job in a worker thread (`jobs.upload`, `uploads.resume`).
   * `expectJobDir` makes a resume refuse an input that changed since (it would be a new job).
   */
  function startAppUpload(
    jobId: JobId,
    client: PlatformClient,
    input: string,
    settings: { datasetId: string; concurrency: number; chunkBytes: number; again: boolean; expectJobDir?: string; identity: string },
  ): JobId {
    // The registry refuses a second upload with the same identity (or job folder) while one runs.
    return deps.jobs.start({
      id: jobId,
      events: uploadJob,
      outDir: input,
      identity: settings.identity,
      ...(settings.expectJobDir !== undefined ? { jobDir: settings.expectJobDir } : {}),
      run: async (control) => {
        const thread = startUploadThread(
          client,
          tokens,
          {
            input,
            datasetId: settings.datasetId,
            jobsDir,
            targetKey: targetKeyOf(client.target),
            concurrency: settings.concurrency,
            chunkBytes: settings.chunkBytes,
            again: settings.again,
            ...(settings.expectJobDir !== undefined ? { expectJobDir: settings.expectJobDir } : {}),
            ...deps.uploadTuning,
          },
          {
            // A user's cancel aborts the batch, shutdown's suspend keeps it to resume: the word is the signal's reason.
            signal: control.signal,
            onNote: (message) => control.note(message),
            onJobDir: (dir) => control.outDir(dir),
            onProgress: (p) => {
              const left = p.bytesTotal - p.bytesSent;
              const sending = p.phase === 'uploading' || p.phase === 'creating' || p.phase === 'planning';
              control.progress({
                ...p,
                etaSeconds: sending && p.mbPerSecond > 0 ? Math.round(left / (p.mbPerSecond * 1e6)) : sending ? null : 0,
              });
            },
          },
        );
        control.attach(thread);
        const result: UploadResultShape = await thread.done;
        return result;
      },
    });
  }

  /**
   * Input (real path), dataset and target: two uploads alike in these are one job, whose journal
   * and batch only one run may drive. Known before the worker resolves the input, so a second
   * request is refused even while the first is still counting records.
   */
  async function uploadIdentity(input: string, datasetId: string, client: PlatformClient): Promise<string> {
    const real = await realpath(input).catch(() => path.resolve(input));
    return JSON.stringify([real, datasetId, targetKeyOf(client.target)]);
  }

  /** A job folder named by the renderer: one of main's `jobs/upload-*` folders, never any path. */
  function jobFolder(jobDir: string): string {
    const dir = path.resolve(jobDir);
    if (path.dirname(dir) !== path.resolve(jobsDir) || !path.basename(dir).startsWith(JOB_DIR_PREFIX)) {
      throw new AppError('INVALID_INPUT', "jobDir must be one of the app's upload job folders, as uploads.list gives them.", { field: 'jobDir' });
    }
    return dir;
  }

  function jobOfBatch(jobs: LocalUpload[], batchId: string): { job: LocalUpload; batch: LocalBatch } | undefined {
    for (const job of jobs) {
      const batch = job.batches.find((b) => b.batchId === batchId);
      if (batch) return { job, batch };
    }
    return undefined;
  }

  function fromCatalog(batch: CatalogBatch & { id: string }, datasetId: string, local: ReturnType<typeof jobOfBatch>): BatchSummary {
    const { written, failed } = recordsOf(batch);
    const loose = batch as Record<string, unknown>;
    const who = [loose.createdUser, loose.createdClient].find((v): v is string => typeof v === 'string' && v !== '');
    const related = batch.relatedObjects?.find((o) => o.type === 'dataSet')?.id;
    return {
      batchId: batch.id,
      datasetId: related ?? datasetId,
      status: normaliseStatus(batch.status),
      recordsWritten: written,
      recordsFailed: failed,
      ...(batch.created !== undefined ? { created: batch.created } : {}),
      ...(batch.completed !== undefined ? { completed: batch.completed } : {}),
      ...(who ? { createdBy: who } : {}),
      ...(batch.externalId !== undefined ? { externalId: batch.externalId } : {}),
      errors: (batch.errors ?? []).map((e) => ({
        ...(e.code !== undefined ? { code: String(e.code) } : {}),
        ...(e.description !== undefined ? { description: String(e.description) } : {}),
        ...(e.recordCount !== undefined ? { recordCount: e.recordCount } : {}),
      })),
      metrics: batch.metrics ?? {},
      source: local ? 'both' : 'catalog',
      ...(local ? { job: { jobDir: local.job.jobDir, input: local.job.input, startedAt: local.batch.startedAt, recordsExpected: local.batch.recordsExpected } } : {}),
    };
  }

  function fromJournal(job: LocalUpload, batch: LocalBatch): BatchSummary {
    return {
      batchId: batch.batchId,
      datasetId: job.datasetId,
      status: batch.status,
      recordsWritten: batch.recordsWritten ?? 0,
      recordsFailed: batch.recordsFailed ?? 0,
      created: Date.parse(batch.startedAt),
      errors: [],
      metrics: {},
      source: 'journal',
      job: { jobDir: job.jobDir, input: job.input, startedAt: batch.startedAt, recordsExpected: batch.recordsExpected },
    };
  }

  return {
    'uploads.list': async ({ limit }) => {
      const [uploads, connections] = await Promise.all([localJobs(), deps.connections.list()]);
      const running = deps.jobs.runningUploads();
      return Promise.all(uploads.slice(0, limit).map((u) => describeUpload(u, running, connections)));
    },

    'uploads.resume': async ({ jobId, jobDir }) => {
      const dir = jobFolder(jobDir);
      await pruned;
      const upload = await readLocalUpload(dir);
      if (!upload) throw new AppError('NOT_FOUND', `${dir} holds no upload journal: there is nothing to resume.`, { field: 'jobDir' });
      const { state, jobId: runningId } = await uploadState(upload, deps.jobs.runningUploads());
      if (state === 'running') {
        throw runningId
          ? uploadRunningError(runningId, { field: 'jobDir' })
          : new AppError('CONFLICT', 'This upload is already running in another process (xdm-loader upload); wait for it or stop it first.', { field: 'jobDir' });
      }
      if (state === 'succeeded') throw new AppError('CONFLICT', 'This upload already succeeded: there is nothing to resume. Upload it again (again: true) to send a new batch.', { field: 'jobDir' });
      if (state === 'failed') throw new AppError('CONFLICT', 'This upload ended with a failed batch: resuming cannot change that. Fix the records, prepare again and upload the new output.', { field: 'jobDir' });
      // `aborted` (the user cancelled, whether or not its batch existed yet) is resumed like an
      // interrupted job: the run goes on, and each cancelled group starts anew in a new batch; the
      // aborted batch is never reused. The same rule applies when `xdm-loader upload` is run again.
      const exists = await stat(upload.input).then(() => true, () => false);
      if (!exists) throw new AppError('NOT_FOUND', `The input of this upload, ${upload.input}, is gone: it cannot be resumed.`, { field: 'jobDir', file: upload.input });
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
      const client = await deps.connections.client(connectionId);
      // The chunk size only matters for a new plan; a resumed run keeps its journaled chunks.
      return {
        jobId: startAppUpload(jobId, client, upload.input, {
          datasetId: upload.datasetId,
          concurrency: DEFAULT_APP_CONCURRENCY,
          chunkBytes: DEFAULT_APP_CHUNK_MB * MIB,
          again: false,
          expectJobDir: dir,
          identity: await uploadIdentity(upload.input, upload.datasetId, client),
        }),
      };
    },

    'jobs.upload': async ({ jobId, source, datasetId, connectionId, concurrency, chunkSizeMb, again }) => {
      const input = sourcePath(source);
      // Never while retention may be removing this very job's folder.
      await pruned;
      const client = await clientOf(connectionId);
      const identity = await uploadIdentity(input, datasetId, client);
      // Refused (CONFLICT, naming the running job) while the same upload runs: see startAppUpload.
      return { jobId: startAppUpload(jobId, client, input, { datasetId, concurrency, chunkBytes: Math.round(chunkSizeMb * MIB), again, identity }) };
    },

    'jobs.pause': async ({ jobId }) => ({ jobId, paused: deps.jobs.pause(jobId) }),

    'jobs.resume': async ({ jobId }) => ({ jobId, resumed: deps.jobs.resume(jobId) }),

    'batches.list': async ({ datasetId, connectionId, limit }, ctx) => {
      const client = await clientOf(connectionId);
      const [catalog, jobs] = await Promise.all([listBatches(client, { datasetId, limit, ...(ctx.signal ? { signal: ctx.signal } : {}) }), localJobs()]);
      const seen = new Set<string>();
      const list: BatchSummary[] = catalog.map((b) => {
        seen.add(b.id);
        return fromCatalog(b, datasetId, jobOfBatch(jobs, b.id));
      });
      // Batches this machine sent that Catalog's page did not hold (older, or Catalog unreachable for it).
      for (const job of jobs) {
        if (job.datasetId !== datasetId) continue;
        for (const batch of job.batches) if (!seen.has(batch.batchId)) list.push(fromJournal(job, batch));
      }
      return list.sort((a, b) => (b.created ?? 0) - (a.created ?? 0)).slice(0, limit);
    },

    'batches.get': async ({ batchId, connectionId }, ctx) => {
      const client = await clientOf(connectionId);
      const [batch, jobs] = await Promise.all([getBatch(client, batchId, ctx.signal), localJobs()]);
      return fromCatalog(batch, '', jobOfBatch(jobs, batchId));
    },

    'batches.failedRecords': async ({ batchId, connectionId, limit }, ctx) => {
      const client = await clientOf(connectionId);
      const local = jobOfBatch(await localJobs(), batchId);
      const safe = batchId.replace(/[^\w.-]+/g, '_');
      // Beside the job that sent it, as the upload job saves them; else in the data dir.
      const dir = local ? path.join(local.job.jobDir, `failed-${safe}`) : path.join(deps.dataDir, 'failed', safe);
      const files = await downloadFailedRecords(client, batchId, dir, ctx.signal);
      // Streamed: only the first `limit` records (and one more, to know there are more) are read.
      const { rows, truncated } = await readFailedRecords(files, limit);
      return { dir, files, rows, truncated };
    },

    'entities.lookup': async ({ namespace, id, connectionId }, ctx) => {
      const client = await clientOf(connectionId);
      let entity;
      try {
        entity = await getEntity(client, { entityId: id, namespace }, ctx.signal);
      } catch (error) {
        if (isAppError(error) && error.code === 'FORBIDDEN') return { status: 'forbidden', namespace, id, explanation: FORBIDDEN_PROFILE };
        throw error;
      }
      if (!entity) {
        return {
          status: 'not-found',
          namespace,
          id,
          explanation:
            `Profile has no profile for ${namespace} "${id}" in sandbox "${client.target.sandboxName}". If it was just loaded, Profile may still be processing it; ` +
            'otherwise check that the dataset and its schema are enabled for Profile and that the namespace is right.',
        };
      }
      const { identities = [], ...attributes } = entity.entity ?? {};
      return {
        status: 'found',
        namespace,
        id,
        profile: {
          ...(entity.entityId !== undefined ? { entityId: entity.entityId } : {}),
          ...(entity.lastModifiedAt !== undefined ? { lastModifiedAt: entity.lastModifiedAt } : {}),
          sources: (entity.sources ?? []).filter((s) => s !== ''),
          identities: identities.map((i) => ({ namespace: i.namespace.code, id: i.id, primary: i.primary === true })),
          attributes,
        },
      };
    },

    'jobs.preflight': async ({ datasetId, source, connectionId, schemaId, profile, sampleSize }, ctx) => {
      const client = await clientOf(connectionId);
      // A sample of at most `sampleSize` records, read as a stream: bounded work, async I/O.
      const records = source ? preparedRecords(await preparedInput(sourcePath(source)), { limit: sampleSize, ...(ctx.signal ? { signal: ctx.signal } : {}) }) : undefined;
      return runPreflight(client, {
        datasetId,
        profile,
        sampleSize,
        ...(schemaId !== undefined ? { schemaId } : {}),
        ...(records ? { records } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    },

    'jobs.confirm': async ({ source, datasetId, connectionId, count, waitMs, batchCompletedAt }, ctx) => {
      const client = await clientOf(connectionId);
      // Samples `count` identities from the first records (a bounded, streamed read) and looks them up.
      const { sample: _sample, ...report } = await confirmPrepared(client, {
        target: sourcePath(source),
        datasetId,
        count,
        waitMs,
        ...(batchCompletedAt !== undefined ? { batchCompletedAt } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      return report;
    },

    'jobs.preflightFix': async ({ fix, datasetId, schemaId, connectionId }, ctx) => {
      if (fix === 'enable-schema-for-profile' && schemaId === undefined) {
        throw new AppError('INVALID_INPUT', 'schemaId: the schema to enable for Profile is required (preflight reports it).', { field: 'schemaId' });
      }
      const client = await clientOf(connectionId);
      await applyPreflightFix(client, fix, { datasetId, ...(schemaId !== undefined ? { schemaId } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      const info = preflightFixes[fix];
      return { fix, applied: true, consequence: info.consequence, irreversible: info.irreversible };
    },

    'streaming.send': async ({ jobId, source, datasetId, connectionId, inletId, flowId, validation, maxRecords }, ctx) => {
      const id = connectionId ?? (await deps.connections.activeId());
      const local = (await deps.connections.get(id)).connection.id === LOCAL_CONNECTION_ID;
      const inlet = inletId ?? (local ? LOCAL_INLET : undefined);
      if (inlet === undefined) {
        throw new AppError('INVALID_INPUT', 'An inlet id is required: the id of an HTTP API streaming connection of this sandbox (AEP: Sources, HTTP API).', { field: 'inletId' });
      }
      const client = await deps.connections.client(id);
      const input = sourcePath(source);
      return {
        jobId: deps.jobs.start({
          id: jobId,
          events: streamJob,
          outDir: input,
          ...(ctx.signal ? { owner: ctx.signal } : {}),
          run: async (control) => {
            const thread = startStreamThread(
              client,
              tokens,
              {
                input,
                datasetId,
                inletId: inlet,
                ...(flowId !== undefined ? { flowId } : {}),
                validation,
                maxRecords,
                ...(local ? { requestsPerMinute: 0 } : {}),
              },
              { signal: control.signal, onProgress: (p) => control.progress(p) },
            );
            control.attach(thread);
            const report = await thread.done;
            return {
              datasetId: report.datasetId,
              validation: report.validation,
              total: report.total,
              accepted: report.accepted,
              received: report.received,
              rejected: report.rejected,
              requests: report.requests,
              results: report.results,
            };
          },
        }),
      };
    },
  };
}
