import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { IngestSource } from '../../../src-shared/ipc/requests/upload-shapes';
import type { UploadResultShape } from '../../../src-shared/ipc/requests/jobs';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import { applyPreflightFix, preflightFixes, preparedInput, preparedRecords, runPreflight } from '../../core/jobs/preflight/index';
import { confirmPrepared } from '../../core/jobs/confirm/index';
import { targetKeyOf, type UploadOptions } from '../../core/jobs/upload/index';
import { createTokenProvider, type TokenProvider } from '../../core/platform/ims-token';
import { silentLogger } from '../../core/platform/logger';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { PlatformClient } from '../../core/platform/platform-client';
import { clientOf as connectionClient } from '../../core/services/connection-client';
import type { Services } from '../../core/services/index';
import type { JobId } from '../../../src-shared/ipc/job-id';
import { streamJob, uploadJob } from '../jobs/job-kinds';
import type { JobRegistry } from '../jobs/job-registry';
import { startStreamThread } from '../jobs/stream-thread';
import { startUploadThread } from '../jobs/upload-thread';
import type { AppSettingsStore } from '../../core/settings/app-settings-store';
import type { HandlerFragment } from './fragment';

export interface JobHandlerDeps {
  connections: ConnectionService;
  jobs: JobRegistry;
  dataDir: string;
  /** Where sources resolve and resumes are checked (core/services). */
  services: Pick<Services, 'uploads'>;
  /** Tuning of the upload job (tests: fast polling, a small single-PUT limit to exercise chunks). */
  uploadTuning?: Pick<UploadOptions, 'pollInitialMs' | 'pollMaxMs' | 'pollTimeoutMs' | 'singlePutMaxBytes' | 'confirm'>;
  /**
   * Where upload and stream workers get access tokens (they never see a secret). The composition root passes
   * the connection service's provider, so jobs and screens share one token cache; else a new one.
   */
  tokens?: TokenProvider;
  /** What a new upload starts with when the request does not say (the Settings screen's defaults). */
  appSettings: Pick<AppSettingsStore, 'get'>;
}

/** The Local sandbox takes any inlet id (it has no Flow Service). */
const LOCAL_INLET = 'xdm-loader-local';
const MIB = 1024 * 1024;

/** The requests that start, steer or check an upload or streaming job (the prepare job is in prepare.ts). */
export type JobRequest =
  | 'uploads.resume'
  | 'jobs.upload'
  | 'jobs.pause'
  | 'jobs.resume'
  | 'jobs.preflight'
  | 'jobs.confirm'
  | 'jobs.preflightFix'
  | 'streaming.send';

/**
 * Jobs: the upload job, its pause and resume, a resume from the journal, preflight, confirmation, streaming.
 * Why the upload and the stream run in worker threads (ipc/jobs/upload-thread.ts, stream-thread.ts):
 * streaming parts from disk into HTTP bodies and journaling run JavaScript per chunk, and a stream
 * reads its records and may take a quarter of an hour at AEP's synchronous pace; this thread only
 * relays progress, stop (and an upload's pause and resume) and access tokens. Where a source is
 * and whether a journaled upload may resume are the uploads service's rules (core/services).
 */
export function jobHandlers(deps: JobHandlerDeps): HandlerFragment<JobRequest> {
  const jobsDir = path.join(deps.dataDir, 'jobs');

  /** The Settings screen's concurrency and chunk size, which a new (or resumed) upload runs with. */
  async function uploadDefaults(): Promise<{ concurrency: number; chunkBytes: number }> {
    const settings = await deps.appSettings.get();
    return { concurrency: settings.uploadConcurrency, chunkBytes: settings.uploadChunkSizeMb * MIB };
  }
  const tokens = deps.tokens ?? createTokenProvider({ logger: silentLogger });
  const { uploads } = deps.services;

  const clientOf = (connectionId: string | undefined): Promise<PlatformClient> => connectionClient(deps.connections, connectionId);

  /** Main's path of what to upload or stream. */
  const sourcePath = (source: IngestSource): string => uploads.sourcePath(source);

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

  return {
    'uploads.resume': async ({ jobId, jobDir }) => {
      // Refused with why (not a job folder, running, finished, input gone, no connection) before anything starts.
      const { jobDir: dir, upload, connectionId } = await uploads.resumable(jobDir);
      const client = await deps.connections.client(connectionId);
      // The chunk size only matters for a new plan; a resumed run keeps its journaled chunks.
      return {
        jobId: startAppUpload(jobId, client, upload.input, {
          datasetId: upload.datasetId,
          ...(await uploadDefaults()),
          again: false,
          expectJobDir: dir,
          identity: await uploadIdentity(upload.input, upload.datasetId, client),
        }),
      };
    },

    'jobs.upload': async ({ jobId, source, datasetId, connectionId, concurrency, chunkSizeMb, again }) => {
      const input = sourcePath(source);
      // Never while retention may be removing this very job's folder.
      await uploads.ready();
      const client = await clientOf(connectionId);
      const identity = await uploadIdentity(input, datasetId, client);
      // Refused (CONFLICT, naming the running job) while the same upload runs: see startAppUpload.
      const defaults = await uploadDefaults();
      const tuning = {
        concurrency: concurrency ?? defaults.concurrency,
        chunkBytes: chunkSizeMb === undefined ? defaults.chunkBytes : Math.round(chunkSizeMb * MIB),
      };
      return { jobId: startAppUpload(jobId, client, input, { datasetId, ...tuning, again, identity }) };
    },

    'jobs.pause': async ({ jobId }) => ({ jobId, paused: deps.jobs.pause(jobId) }),

    'jobs.resume': async ({ jobId }) => ({ jobId, resumed: deps.jobs.resume(jobId) }),

    'jobs.preflight': async ({ datasetId, source, connectionId, schemaId, profile, sampleSize }, ctx) => {
      const client = await clientOf(connectionId);
      // A sample of at most `sampleSize` records, read as a stream: bounded work, async I/O.
      const input = source ? sourcePath(source) : undefined;
      const prepared = input !== undefined ? await preparedInput(input) : undefined;
      const records = prepared ? preparedRecords(prepared, { limit: sampleSize, ...(ctx.signal ? { signal: ctx.signal } : {}) }) : undefined;
      const report = await runPreflight(client, {
        datasetId,
        profile,
        sampleSize,
        ...(prepared?.identityIssues ? { preparedIdentityIssues: prepared.identityIssues } : {}),
        ...(schemaId !== undefined ? { schemaId } : {}),
        ...(records ? { records } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      // The same records sent before, by batch or by streaming: a warning, said before either starts.
      const sent = input !== undefined ? await uploads.sentBefore(input, { datasetId, target: targetKeyOf(client.target) }) : undefined;
      return sent ? { ...report, checks: [...report.checks, sent] } : report;
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
        throw new AppError('INVALID_INPUT', 'An inlet id is required: the id of an HTTP API streaming connection of this sandbox (AEP: Sources, HTTP API).', {
          field: 'inletId',
        });
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
                // Journaled beside the uploads, so History lists the run and a batch of the same records is warned.
                journal: { jobsDir, targetKey: targetKeyOf(client.target) },
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
