import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { FileRef } from '../../src-shared/ipc/contract';
import type { UploadJobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import type { ConfirmReportShape, PreflightReportShape, UploadProgressShape, UploadResultShape } from '../../src-shared/ipc/requests/jobs';
import type { IngestSource } from '../../src-shared/ipc/requests/upload-shapes';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { looksLikeXdmRecords } from '../../src-shared/xdm/xdm-shape';
import type { AppState } from './app-state';
import { createdDatasetFor } from './target-from-file-slice';
import { serverKeys } from '../queries/keys';
import type { LoadStatus } from '../queries/load-status';
import { preflightQueryOf, preflightSeen } from '../queries/preflight';
import { ask, outcomeOf } from '../queries/request';
import { activeConnectionId, forgetPreflights, invalidate } from '../queries/server-cache';
import type { MintJobId } from './job-ids';
import type { ServerAccess } from './server-access';
import { PREVIEW_ROW_LIMIT } from './prepare-slice';

export type UploadEvent = UploadJobEvent;
export type PreflightFixId = NonNullable<PreflightReportShape['checks'][number]['fix']>['id'];

/** prepared: the parts of a finished prepare job; as-is: a dropped file that already is XDM (JSON Lines, Parquet). */
export type UploadSourceKind = 'prepared' | 'as-is';

/** What the Upload step is about to send, and where, before there is a job. */
export interface UploadDraft {
  kind: UploadSourceKind;
  source: IngestSource;
  /** The dropped file the draft belongs to: another file starts over. */
  forFile: FileRef;
  fileName: string;
  /** Records that will be sent, when known (a prepare job's rows written). */
  records: number | null;
  /**
   * The mapping's schema in the connection's registry, compared with the dataset's by preflight.
   * Null for a standard or file schema (they have no id there) and for a file uploaded as is.
   */
  schemaId: string | null;
  /** The connection the dataset was chosen on. */
  connectionId: string | null;
  datasetId: string | null;
  profile: boolean;
  /** A fix being applied, why the last one failed, or the label of the last one applied. */
  fix: FixView;
  /** The job the last "Upload" started (its key in `jobs`). */
  startedKey: string | null;
}

export interface FixView {
  status: 'idle' | 'applying' | 'error';
  error: AppErrorShape | null;
  applied: string | null;
}

export type UploadPhase = UploadProgressShape['phase'];
export type UploadProgressView = UploadProgressShape;

/** starting: asked main; running / paused; cancelling: asked to stop; then finished (an outcome) or failed. */
export type UploadStatus = 'starting' | 'running' | 'paused' | 'cancelling' | 'finished' | 'failed';

export interface ConfirmationView {
  status: LoadStatus;
  report: ConfirmReportShape | null;
  error: AppErrorShape | null;
}

export interface UploadJobView {
  /** The screen's key for the job (stable across a resume's new job). */
  key: string;
  /** Minted here before the request (or listed by main for an upload another window started). */
  jobId: JobId;
  label: string;
  datasetId: string;
  connectionId: string | null;
  /** What was sent, to sample identities from; null when unknown (an upload resumed from another run). */
  source: IngestSource | null;
  status: UploadStatus;
  progress: UploadProgressView | null;
  /** The last note main sent (resuming, split into batches, already reported). */
  note: string | null;
  result: UploadResultShape | null;
  error: AppErrorShape | null;
  /** The raw message of a failure nobody planned for, shown behind "Details". */
  errorDetail: string | null;
  /** Why the last pause, resume or cancel was refused. */
  actionError: AppErrorShape | null;
  /** When the batch was seen to succeed (epoch ms): a recent one may still be processing in Profile. */
  finishedAt: number | null;
  confirmation: ConfirmationView;
}

export interface UploadsSliceState {
  draft: UploadDraft | null;
  /** Uploads of this session, newest first. */
  jobs: UploadJobView[];
  /** Journals (jobDirs) of the history with a resume in flight. */
  resuming: Record<string, true>;
}

export type FixResult = { ok: true } | { ok: false; error: AppErrorShape };

export interface UploadsSlice {
  uploads: UploadsSliceState;
  /** Opens the Upload step for the finished prepare job's parts, or for the dropped XDM file as is. */
  beginUpload(kind: UploadSourceKind): Promise<void>;
  chooseUploadDataset(datasetId: string): void;
  setUploadProfile(profile: boolean): void;
  /**
   * Runs preflight for the draft (the steward asked: "Run preflight", or again). Its answer is the
   * draft's preflight query; once answered, writes that change what it checks run it again.
   */
  runPreflight(): Promise<void>;
  /** Applies a fix preflight offered (the steward confirmed its consequence), then checks again. */
  applyPreflightFix(fix: PreflightFixId): Promise<FixResult>;
  /** Starts the upload of the draft; returns the new job's key, or null when there is nothing to send. */
  startUpload(): Promise<string | null>;
  pauseUpload(key: string): Promise<void>;
  resumeUpload(key: string): Promise<void>;
  /** Stops the upload and aborts its batch. */
  cancelUpload(key: string): Promise<void>;
  /** Looks the sampled identities up in Profile again, waiting up to `waitMs` for those still processing. */
  checkConfirmation(key: string, waitMs?: number): Promise<void>;
  /**
   * Follows the uploads the history lists as running that this window does not follow yet (the
   * window was reloaded, or the app resumed them on start). Called whenever the history is read.
   */
  followRunningUploads(history: readonly LocalUploadShape[]): void;
  /** Resumes an interrupted upload from its journal; returns the new job's key. */
  resumeInterruptedUpload(jobDir: string): Promise<string | null>;
  /**
   * Sends a finished upload's records again as a new batch (the CLI's `upload --again`); the
   * steward was warned that AEP then holds them twice. Returns the new job's key.
   */
  uploadAgain(key: string): Promise<string | null>;
  /** Applies an upload event from main (the event pump has coalesced its progress to one per frame). */
  applyUploadEvent(event: UploadEvent): void;
}

/** Identities sampled by a confirmation. */
const CONFIRM_COUNT = 10;
/** How long the first automatic confirmation waits for identities still processing. */
export const CONFIRM_FIRST_WAIT_MS = 15_000;
/** How long "Check again" waits. */
export const CONFIRM_AGAIN_WAIT_MS = 30_000;

const noFix: FixView = { status: 'idle', error: null, applied: null };
const idleConfirmation: ConfirmationView = { status: 'idle', report: null, error: null };
const initial: UploadsSliceState = { draft: null, jobs: [], resuming: {} };

/**
 * How many records a file holds, when its inspection tells: Parquet's footer says; a text file
 * read whole (its head is the file) with fewer rows than the preview takes has exactly those.
 * Why it matters: the Upload step offers streaming only for a set known to be small.
 */
export function recordsOfInspection(inspection: FileInspection): number | null {
  if (inspection.totalRows !== null) return inspection.totalRows;
  const readWhole = inspection.bytesRead >= inspection.file.size && !inspection.warnings.some((w) => w.kind === 'truncated-sample');
  return readWhole && inspection.rows.length < PREVIEW_ROW_LIMIT ? inspection.rows.length : null;
}

/**
 * Uploads as the Upload step and the Jobs screen see them: the draft (source, dataset, Profile)
 * and each upload job of the session. The draft's preflight is server state (its query, keyed by
 * what the draft sends where, `queries/preflight.ts`). This machine's upload history is server state
 * (`useUploadHistory`); starting or resuming an upload marks it stale.
 * Why the id is minted here: an upload's first events may reach the window before the reply to
 * `jobs.upload`; since the request named the job, they apply to it whatever the order.
 */
export const createUploadsSlice =
  ({ bridge, client }: ServerAccess, mintJobId: MintJobId): StateCreator<AppState, [], [], UploadsSlice> =>
  (set, get) => {
    let nextKey = 0;

    const patchDraft = (next: Partial<UploadDraft>): void =>
      set((state) => (state.uploads.draft ? { uploads: { ...state.uploads, draft: { ...state.uploads.draft, ...next } } } : {}));
    const patchJob = (key: string, next: Partial<UploadJobView> | ((job: UploadJobView) => Partial<UploadJobView>)): void =>
      set((state) => ({
        uploads: {
          ...state.uploads,
          jobs: state.uploads.jobs.map((job) => (job.key === key ? { ...job, ...(typeof next === 'function' ? next(job) : next) } : job)),
        },
      }));
    const jobByKey = (key: string): UploadJobView | undefined => get().uploads.jobs.find((job) => job.key === key);
    const jobById = (jobId: JobId): UploadJobView | undefined => get().uploads.jobs.find((job) => job.jobId === jobId);
    const setResuming = (jobDir: string, on: boolean): void =>
      set((state) => {
        const resuming = { ...state.uploads.resuming };
        if (on) resuming[jobDir] = true;
        else delete resuming[jobDir];
        return { uploads: { ...state.uploads, resuming } };
      });

    function addJob(
      view: Omit<UploadJobView, 'key' | 'progress' | 'note' | 'result' | 'error' | 'errorDetail' | 'actionError' | 'finishedAt' | 'confirmation'>,
    ): string {
      const key = `u${++nextKey}`;
      const job: UploadJobView = {
        ...view,
        key,
        progress: null,
        note: null,
        result: null,
        error: null,
        errorDetail: null,
        actionError: null,
        finishedAt: null,
        confirmation: idleConfirmation,
      };
      set((state) => ({ uploads: { ...state.uploads, jobs: [job, ...state.uploads.jobs] } }));
      return key;
    }

    /** Main's answer to a request that starts a job: it runs (its journal now exists), unless one of its events already said more. */
    async function started(key: string, request: Promise<unknown>): Promise<void> {
      const result = await outcomeOf(() => request);
      if (!result.ok) {
        patchJob(key, { status: 'failed', error: result.error });
        return;
      }
      patchJob(key, (job) => (job.status === 'starting' ? { status: 'running' as const } : {}));
      await invalidate.uploadHistory(client);
    }

    /** A progress report (the pump has kept the latest of the frame). */
    function applyProgress(key: string, progress: UploadProgressView): void {
      patchJob(key, (job) => {
        // A report may say paused; only a status event or a reply says running again
        // (a report sent before the pause can arrive after it).
        const status = job.status === 'running' && progress.paused ? 'paused' : job.status === 'starting' ? 'running' : job.status;
        return { progress: { ...progress, paused: status === 'paused' }, status };
      });
    }

    async function confirm(key: string, waitMs: number): Promise<void> {
      const job = jobByKey(key);
      if (!job?.source) return;
      patchJob(key, (j) => ({ confirmation: { ...j.confirmation, status: 'loading', error: null } }));
      const result = await outcomeOf(() =>
        ask(bridge, 'jobs.confirm', {
          source: job.source as IngestSource,
          datasetId: job.datasetId,
          ...(job.connectionId ? { connectionId: job.connectionId } : {}),
          count: CONFIRM_COUNT,
          waitMs,
          ...(job.finishedAt !== null ? { batchCompletedAt: job.finishedAt } : {}),
        }),
      );
      patchJob(key, (j) => ({
        confirmation: result.ok
          ? { status: 'ready', report: result.value, error: null }
          : { status: 'error', report: j.confirmation.report, error: result.error },
      }));
    }

    function finish(key: string, result: UploadResultShape): void {
      const succeeded = result.status === 'success';
      patchJob(key, (job) => ({
        status: 'finished',
        // Notes describe work in flight ("confirming in Profile…"); the outcome says the rest.
        note: null,
        result,
        finishedAt: Date.now(),
        ...(job.progress ? { progress: { ...job.progress, phase: 'done' as const, paused: false, etaSeconds: null } } : {}),
        confirmation: result.confirmation ? { status: 'ready', report: result.confirmation, error: null } : job.confirmation,
      }));
      // Main may leave the confirmation to the screen (or skip it on a report of an earlier run).
      // When main tried and failed, its reason is shown instead: asking again at once would most
      // likely fail the same way, and "Check again" is there for when the steward wants it.
      if (succeeded && !result.confirmation && result.confirmationError === undefined && jobByKey(key)?.source) void confirm(key, CONFIRM_FIRST_WAIT_MS);
    }

    async function control(key: string, name: 'jobs.pause' | 'jobs.resume'): Promise<void> {
      const job = jobByKey(key);
      if (!job) return;
      const result = await outcomeOf(() => ask(bridge, name, { jobId: job.jobId }));
      if (!result.ok) {
        patchJob(key, { actionError: result.error });
        return;
      }
      const changed = 'paused' in result.value ? result.value.paused : result.value.resumed;
      patchJob(key, (j) =>
        changed && (j.status === 'running' || j.status === 'paused')
          ? { status: name === 'jobs.pause' ? 'paused' : 'running', actionError: null }
          : { actionError: null },
      );
    }

    return {
      uploads: initial,

      async beginUpload(kind) {
        const { fileRef, file, inspection } = get().prepare;
        if (!fileRef || !file) return;
        // The dataset and the Profile choice carry over on the same connection: a steward loads a series of files to one place.
        const draft = get().uploads.draft;
        const previous = draft && draft.connectionId === activeConnectionId(client) ? draft : null;
        let source: IngestSource;
        let records: number | null = null;
        let schemaId: string | null = null;
        let mappedDataset: string | null = null;
        if (kind === 'prepared') {
          const job = get().jobs.prepare;
          if (!uploadsSelectors.canUploadPrepared(get()) || !job?.jobId || !job.summary) return;
          source = { kind: 'job', jobId: job.jobId };
          records = job.summary.rowsWritten;
          const schema = get().mapping.schema;
          schemaId = schema?.kind === 'connection' ? (get().mapping.tree?.schemaId ?? schema.schemaId) : null;
          mappedDataset = get().mapping.dataset?.id ?? null;
        } else {
          if (inspection?.format !== 'jsonl' && inspection?.format !== 'parquet') return;
          source = { kind: 'file', fileRef };
          records = recordsOfInspection(inspection);
        }
        const created = createdDatasetFor(get(), fileRef, activeConnectionId(client));
        set((state) => ({
          uploads: {
            ...state.uploads,
            draft: {
              kind,
              source,
              forFile: fileRef,
              fileName: file.name,
              records,
              schemaId,
              // A target just created from this file wins (it was made for these records), then the
              // dataset chosen on the Map step (the mapping followed it).
              connectionId: (created ?? mappedDataset) ? activeConnectionId(client) : (previous?.connectionId ?? null),
              datasetId: created ?? mappedDataset ?? previous?.datasetId ?? null,
              profile: draft?.profile ?? true,
              fix: noFix,
              startedKey: null,
            },
          },
        }));
        // A new draft starts unchecked, as the steward expects of a file just prepared or dropped
        // again; the earlier draft's answers go with it (they are kept until now, server-queries.ts).
        forgetPreflights(client);
        await get().goToStep('upload');
      },

      chooseUploadDataset(datasetId) {
        patchDraft({ datasetId, connectionId: activeConnectionId(client), fix: noFix, startedKey: null });
      },

      setUploadProfile(profile) {
        patchDraft({ profile, fix: noFix, startedKey: null });
      },

      async runPreflight() {
        const draft = get().uploads.draft;
        const query = draft ? preflightQueryOf(bridge, draft, activeConnectionId(client)) : null;
        if (!query) return;
        // Asked again even when an answer is cached: the steward may have changed something elsewhere.
        // A failure is the query's error, shown by the Upload step.
        await outcomeOf(() => client.fetchQuery({ ...query, staleTime: 0 }));
      },

      async applyPreflightFix(fix) {
        const draft = get().uploads.draft;
        if (!draft?.datasetId) return { ok: false, error: { code: 'INVALID_INPUT', message: 'Choose a dataset first.' } };
        const { report } = preflightSeen(client, draft, activeConnectionId(client));
        const schemaId = report?.schemaId;
        const label = report?.checks.find((c) => c.fix?.id === fix)?.fix?.label ?? fix;
        patchDraft({ fix: { status: 'applying', error: null, applied: null } });
        const result = await outcomeOf(() =>
          ask(bridge, 'jobs.preflightFix', {
            fix,
            datasetId: draft.datasetId as string,
            ...(schemaId ? { schemaId } : {}),
            ...(draft.connectionId ? { connectionId: draft.connectionId } : {}),
            confirmed: true,
          }),
        );
        if (!result.ok) {
          patchDraft({ fix: { status: 'error', error: result.error, applied: null } });
          return { ok: false, error: result.error };
        }
        // The dataset list shows Profile status too; both it and the checks changed. The preflight
        // on screen runs again through its query; the fix counts as applied once it has answered.
        const connectionId = draft.connectionId ?? activeConnectionId(client);
        if (connectionId !== null) await invalidate.targets(client, connectionId);
        patchDraft({ fix: { status: 'idle', error: null, applied: label } });
        return { ok: true };
      },

      async startUpload() {
        const draft = get().uploads.draft;
        if (!draft?.datasetId) return null;
        const jobId = mintJobId();
        const key = addJob({
          jobId,
          label: draft.fileName,
          datasetId: draft.datasetId,
          connectionId: draft.connectionId,
          source: draft.source,
          status: 'starting',
        });
        patchDraft({ startedKey: key });
        await started(
          key,
          ask(bridge, 'jobs.upload', {
            jobId,
            source: draft.source,
            datasetId: draft.datasetId,
            ...(draft.connectionId ? { connectionId: draft.connectionId } : {}),
          }),
        );
        return key;
      },

      pauseUpload: (key) => control(key, 'jobs.pause'),
      resumeUpload: (key) => control(key, 'jobs.resume'),

      async cancelUpload(key) {
        const job = jobByKey(key);
        if (!job || (job.status !== 'running' && job.status !== 'paused')) return;
        const before = job.status;
        patchJob(key, { status: 'cancelling', actionError: null });
        const result = await outcomeOf(() => ask(bridge, 'jobs.cancel', { jobId: job.jobId }));
        if (!result.ok) patchJob(key, (j) => (j.status === 'cancelling' ? { status: before, actionError: result.error } : { actionError: result.error }));
      },

      checkConfirmation: (key, waitMs = CONFIRM_AGAIN_WAIT_MS) => confirm(key, waitMs),

      followRunningUploads(history) {
        for (const item of history) {
          if (item.state !== 'running' || !item.jobId || jobById(item.jobId)) continue;
          addJob({
            jobId: item.jobId,
            label: item.label,
            datasetId: item.datasetId,
            connectionId: item.connectionId ?? null,
            source: item.confirmSource,
            status: 'running',
          });
        }
      },

      async resumeInterruptedUpload(jobDir) {
        const item = client.getQueryData<LocalUploadShape[]>(serverKeys.uploadHistory())?.find((i) => i.jobDir === jobDir);
        if (!item || get().uploads.resuming[jobDir]) return null;
        setResuming(jobDir, true);
        const jobId = mintJobId();
        const key = addJob({
          jobId,
          label: item.label,
          datasetId: item.datasetId,
          connectionId: item.connectionId ?? null,
          source: item.confirmSource,
          status: 'starting',
        });
        await started(key, ask(bridge, 'uploads.resume', { jobId, jobDir }));
        setResuming(jobDir, false);
        return key;
      },

      async uploadAgain(key) {
        const job = jobByKey(key);
        if (!job?.source || job.status !== 'finished') return null;
        const jobId = mintJobId();
        const again = addJob({ jobId, label: job.label, datasetId: job.datasetId, connectionId: job.connectionId, source: job.source, status: 'starting' });
        await started(
          again,
          ask(bridge, 'jobs.upload', {
            jobId,
            source: job.source,
            datasetId: job.datasetId,
            ...(job.connectionId ? { connectionId: job.connectionId } : {}),
            again: true,
          }),
        );
        return again;
      },

      applyUploadEvent(event) {
        // An upload this window neither started nor follows yet: the history lists it once its journal exists.
        const job = jobById(event.jobId);
        if (!job || job.status === 'finished' || job.status === 'failed') return;
        switch (event.phase) {
          case 'progress':
            applyProgress(job.key, event.progress);
            break;
          case 'status':
            patchJob(job.key, (j) => ({
              ...(event.note !== undefined ? { note: event.note } : {}),
              ...(j.status === 'cancelling' ? {} : { status: event.state }),
              ...(j.progress ? { progress: { ...j.progress, paused: event.state === 'paused' } } : {}),
            }));
            break;
          case 'finished':
            finish(job.key, event.result);
            break;
          case 'failed':
            patchJob(job.key, { status: 'failed', error: event.error, errorDetail: event.detail ?? null, note: null });
            break;
        }
      },
    };
  };

/** Reads of the uploads slice. */
export const uploadsSelectors = {
  draft: (state: AppState) => state.uploads.draft,
  /** The draft, when it belongs to the file on screen (and, for prepared parts, to its latest prepare job). */
  draftForFile: (state: AppState) => {
    const draft = state.uploads.draft;
    if (!draft || draft.forFile !== state.prepare.fileRef) return null;
    if (draft.source.kind === 'job' && draft.source.jobId !== state.jobs.prepare?.jobId) return null;
    return draft;
  },
  jobs: (state: AppState) => state.uploads.jobs,
  job: (key: string) => (state: AppState) => state.uploads.jobs.find((job) => job.key === key) ?? null,
  activeCount: (state: AppState) => state.uploads.jobs.filter((job) => isActive(job.status)).length,
  /** Whether the prepared parts on screen can be uploaded: a completed prepare job. */
  canUploadPrepared: (state: AppState) => {
    const job = state.jobs.prepare;
    // The prepare job is kept when another file is dropped; its parts are not that file's.
    return job?.status === 'finished' && job.summary?.status === 'completed' && job.fileName === state.prepare.file?.name;
  },
  /**
   * Whether the dropped file is XDM already and can be uploaded without preparation: JSON Lines or
   * Parquet whose columns look like XDM records (a flat table in Parquet is mapped first).
   */
  canUploadAsIs: (state: AppState) => {
    const inspection = state.prepare.inspection;
    return (inspection?.format === 'jsonl' || inspection?.format === 'parquet') && looksLikeXdmRecords(inspection.columns);
  },
};

export function isActive(status: UploadStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'paused' || status === 'cancelling';
}
