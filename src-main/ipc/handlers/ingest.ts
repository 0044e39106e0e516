import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { BatchSummary, IngestSource, ingestRequests, UploadResultShape } from '../../../src-shared/ipc/requests/ingest';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import type { FileRegistry } from '../../core/files/file-registry';
import { applyPreflightFix, preflightFixes, preparedInput, preparedRecords, runPreflight } from '../../core/jobs/preflight/index';
import { streamRecords } from '../../core/jobs/stream/index';
import { downloadFailedRecords, normaliseStatus, readJournal, recordsOf, type UploadOptions } from '../../core/jobs/upload/index';
import { createTokenProvider, type TokenProvider } from '../../core/platform/ims-token';
import { silentLogger } from '../../core/platform/logger';
import { getBatch, listBatches, type CatalogBatch } from '../../core/platform/catalog';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { PlatformClient, PlatformTarget } from '../../core/platform/platform-client';
import { getEntity } from '../../core/platform/profile-access';
import type { JournalRecord } from '../../core/jobs/upload/journal';
import type { JobRegistry } from '../jobs/job-registry';
import { startUploadThread, type UploadThreadOptions } from '../jobs/upload-thread';
import type { HandlerFragment } from './fragment';

export interface IngestHandlerDeps {
  files: FileRegistry;
  connections: ConnectionService;
  jobs: JobRegistry;
  dataDir: string;
  /** Tuning of the upload job (tests: fast polling, a small single-PUT limit to exercise chunks). */
  uploadTuning?: Pick<UploadOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollTimeoutMs' | 'singlePutMaxBytes'>;
  /**
   * Where upload workers get access tokens (they never see a secret). The composition root passes
   * the connection service's provider, so jobs and screens share one token cache; else a new one.
   */
  tokens?: TokenProvider;
}

/** The Local sandbox takes any inlet id (it has no Flow Service). */
const LOCAL_INLET = 'xdm-loader-local';
const MIB = 1024 * 1024;

/**
 * What makes two runs the same target: the org and sandbox, and the host for AEP connections
 * (the same rule as `xdm-loader upload`, so the app and the CLI resume each other's jobs).
 */
function targetKeyOf(target: PlatformTarget): string {
  const host = target.connectionId === LOCAL_CONNECTION_ID ? 'local' : target.platformUrl;
  return `${host}|${target.orgId}|${target.sandboxName}`;
}

const FORBIDDEN_PROFILE =
  'Profile Access refused the lookup (403): this organization or its API credential is not entitled to the Profile Access API ' +
  '(it needs Real-Time CDP Ultimate, and the credential a product profile with Profile read permission). This says nothing about whether the profile exists.';

/** A local job that sent batches: its folder, input, start and each group's batch. */
interface LocalJob {
  jobDir: string;
  input: string;
  startedAt: string;
  datasetId: string;
  batches: Array<{ batchId: string; recordsExpected: number; startedAt: string; status?: string; recordsWritten?: number; recordsFailed?: number }>;
}

/**
 * Ingest: the upload job, its pause and resume, batches, failed records, Profile lookups, streaming.
 * Why the upload runs in a worker thread (ipc/jobs/upload-thread.ts): streaming parts from disk
 * into HTTP bodies and journaling run JavaScript per chunk; this thread only relays progress,
 * pause, resume, stop and access tokens. Batches, failed records, lookups and streaming are a few
 * HTTP calls each (streaming at most `maxRecords` small records), so they run here as async I/O.
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
      const job = deps.jobs.get(source.jobId);
      if (job.kind !== 'prepare') throw new AppError('INVALID_INPUT', 'This job is not a prepare job.', { field: 'source.jobId' });
      if (job.state !== 'finished') throw new AppError('CONFLICT', 'The prepare job has not finished: upload its parts once it has.', { field: 'source.jobId' });
      return job.outDir;
    }
    const folder = path.resolve(source.path);
    const inside = path.relative(jobsDir, folder);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new AppError('INVALID_INPUT', "A folder to upload must be one of the app's prepared folders (the outDir jobs.prepare returned).", { field: 'source.path' });
    }
    return folder;
  }

  /** Upload jobs on disk (this app's and the CLI's), newest first. */
  async function localJobs(): Promise<LocalJob[]> {
    let names: string[];
    try {
      names = (await readdir(jobsDir)).filter((n) => n.startsWith('upload-'));
    } catch {
      return [];
    }
    const jobs = await Promise.all(
      names.map(async (name): Promise<LocalJob | undefined> => {
        const jobDir = path.join(jobsDir, name);
        const records: JournalRecord[] = await readJournal(path.join(jobDir, 'journal.jsonl')).catch(() => []);
        // Every run's batches: an upload sent again (`again`) keeps its earlier batches in the journal.
        const runs = new Map<number, Extract<JournalRecord, { t: 'run' }>>();
        const byGroup = new Map<string, LocalJob['batches'][number]>();
        for (const r of records) {
          if (r.t === 'run') {
            runs.set(r.run, r);
            continue;
          }
          if (!('group' in r)) continue;
          const key = `${r.run}:${r.group}`;
          const run = runs.get(r.run);
          if (r.t === 'batch-created' && run) {
            const recordsExpected = run.parts.filter((p) => p.group === r.group).reduce((n, p) => n + p.rows, 0);
            byGroup.set(key, { batchId: r.batchId, recordsExpected, startedAt: run.at });
          }
          const entry = byGroup.get(key);
          if (r.t === 'batch-final' && entry) Object.assign(entry, { status: r.status, recordsWritten: r.recordsWritten, recordsFailed: r.recordsFailed });
          if (r.t === 'batch-aborted' && entry) entry.status = 'aborted';
          // A reset group's batch was given up; the next batch-created replaces it.
          if (r.t === 'group-reset' && entry) entry.status ??= r.reason;
        }
        const run = [...runs.values()].at(-1);
        if (!run) return undefined;
        const batches = [...byGroup.values()];
        return { jobDir, input: run.source, startedAt: run.at, datasetId: run.datasetId, batches };
      }),
    );
    return jobs.filter((j): j is LocalJob => j !== undefined).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  function jobOfBatch(jobs: LocalJob[], batchId: string): { job: LocalJob; batch: LocalJob['batches'][number] } | undefined {
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

  function fromJournal(job: LocalJob, batch: LocalJob['batches'][number]): BatchSummary {
    return {
      batchId: batch.batchId,
      datasetId: job.datasetId,
      status: batch.status ?? 'unknown',
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
    'jobs.upload': async ({ source, datasetId, connectionId, concurrency, chunkSizeMb, again }) => {
      const input = sourcePath(source);
      const client = await clientOf(connectionId);
      const jobId = deps.jobs.startUpload({
        outDir: input,
        run: async (control) => {
          const job = startUploadThread(client, tokens, {
            input,
            datasetId,
            jobsDir,
            targetKey: targetKeyOf(client.target),
            concurrency,
            chunkBytes: Math.round(chunkSizeMb * MIB),
            again,
            ...deps.uploadTuning,
            signal: control.signal,
            // Read when the signal aborts: a user's cancel aborts the batch, shutdown keeps it to resume.
            get onAbort() {
              return control.stopMode() === 'suspend' ? 'suspend' : 'abort-batch';
            },
            onNote: (message) => control.note(message),
            onProgress: (p) => {
              const left = p.bytesTotal - p.bytesSent;
              const sending = p.phase === 'uploading' || p.phase === 'creating' || p.phase === 'planning';
              control.progress({
                ...p,
                etaSeconds: sending && p.mbPerSecond > 0 ? Math.round(left / (p.mbPerSecond * 1e6)) : sending ? null : 0,
              });
            },
          } satisfies UploadThreadOptions);
          control.pausable(job);
          const result: UploadResultShape = await job.done;
          return result;
        },
      });
      return { jobId };
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
      const rows: unknown[] = [];
      let truncated = false;
      for (const file of files) {
        for (const row of parseRecords(await readFile(file, 'utf8'))) {
          if (rows.length >= limit) {
            truncated = true;
            break;
          }
          rows.push(row);
        }
        if (truncated) break;
      }
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

    'jobs.preflightFix': async ({ fix, datasetId, schemaId, connectionId }, ctx) => {
      if (fix === 'enable-schema-for-profile' && schemaId === undefined) {
        throw new AppError('INVALID_INPUT', 'schemaId: the schema to enable for Profile is required (preflight reports it).', { field: 'schemaId' });
      }
      const client = await clientOf(connectionId);
      await applyPreflightFix(client, fix, { datasetId, ...(schemaId !== undefined ? { schemaId } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}) });
      const info = preflightFixes[fix];
      return { fix, applied: true, consequence: info.consequence, irreversible: info.irreversible };
    },

    'streaming.send': async ({ source, datasetId, connectionId, inletId, flowId, validation, maxRecords }, ctx) => {
      const id = connectionId ?? (await deps.connections.activeId());
      const local = (await deps.connections.get(id)).connection.id === LOCAL_CONNECTION_ID;
      const inlet = inletId ?? (local ? LOCAL_INLET : undefined);
      if (inlet === undefined) {
        throw new AppError('INVALID_INPUT', 'An inlet id is required: the id of an HTTP API streaming connection of this sandbox (AEP: Sources, HTTP API).', { field: 'inletId' });
      }
      const client = await deps.connections.client(id);
      const input = await preparedInput(sourcePath(source));
      const report = await streamRecords(client, {
        datasetId,
        // One more than allowed, so a set too large is refused instead of cut.
        records: preparedRecords(input, { limit: maxRecords + 1, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
        inletId: inlet,
        ...(flowId !== undefined ? { flowId } : {}),
        validation,
        maxRecords,
        ...(local ? { requestsPerMinute: 0 } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
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
  };
}

/** Failed-record files: a JSON array, or JSON Lines (a line that is not JSON is kept as text). */
function parseRecords(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const all: unknown = JSON.parse(trimmed);
      if (Array.isArray(all)) return all as unknown[];
    } catch {
      // Fall through to lines.
    }
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
}
