import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { CellValue } from '../../src-shared/domain/inspection';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { PrepareJobEvent, PrepareProgressShape } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import type { PrepareSummary, RowList } from '../../src-shared/ipc/requests/prepare';
import type { EmptyIdentityChoice } from '../../src-shared/xdm/issue-kinds';
import type { AppState } from './app-state';
import { ask, outcomeOf } from '../queries/request';
import type { MintJobId } from './job-ids';
import { readInput } from './prepare-slice';

export type JobEvent = PrepareJobEvent;

/** How prepared records are written: JSON Lines (AEP's default) or Parquet. */
export type OutputFormat = PrepareSummary['format'];

/** What the output format picker offers, in order; the first is the default. */
export const outputFormats: ReadonlyArray<{ id: OutputFormat; label: string }> = [
  { id: 'json', label: 'JSON Lines' },
  { id: 'parquet', label: 'Parquet' },
];

export function outputFormatLabel(format: OutputFormat): string {
  return outputFormats.find((f) => f.id === format)?.label ?? format;
}

/**
 * What the Prepare action offers for rows whose identity columns are all empty, in order; the
 * first is the default. Why a choice: Profile skips such rows, and a steward loading Profile may
 * rather have them in rejects.csv to fix than in the data lake; the summary counts them either way.
 */
export const emptyIdentityOptions: ReadonlyArray<{ id: EmptyIdentityChoice; label: string }> = [
  { id: 'flag', label: 'keeping rows with no identity' },
  { id: 'reject', label: 'rejecting rows with no identity' },
];

export type JobProgressView = PrepareProgressShape;

/** starting: asked main; running: main accepted it (or reported on it); cancelling: asked to stop; then finished or failed. */
export type JobStatus = 'starting' | 'running' | 'cancelling' | 'finished' | 'failed';

export interface PrepareJobView {
  /** Minted here and sent with `jobs.prepare`, so every event of the job is recognised. */
  jobId: JobId;
  fileName: string;
  /** The format the job was started with (the picker may have changed since). */
  format: OutputFormat;
  /** What the job does with rows that have no identity, as chosen when it started. */
  emptyIdentity: EmptyIdentityChoice;
  status: JobStatus;
  outDir: string | null;
  progress: JobProgressView | null;
  summary: PrepareSummary | null;
  error: AppErrorShape | null;
  /** The raw message of a failure nobody planned for, shown behind "Details". */
  errorDetail: string | null;
}

export interface RejectsView {
  status: 'loading' | 'ready' | 'error';
  /** Which rows are shown. */
  list: RowList;
  fileName: string;
  columns: string[];
  rows: CellValue[][];
  total: number;
  error: AppErrorShape | null;
  /** Where the page shown starts among the rejects (0-based). */
  offset: number;
  /** The source row the steward went to, and whether it is in the list. */
  wentTo?: { row: number; found: boolean };
}

export interface JobsSliceState {
  prepare: PrepareJobView | null;
  rejects: RejectsView | null;
  /** The output format chosen next to "Prepare file", kept for the session. */
  outputFormat: OutputFormat;
  /** Rows with no identity kept (flagged, counted) or rejected, chosen beside it, kept for the session. */
  emptyIdentity: EmptyIdentityChoice;
}

export interface JobsSlice {
  jobs: JobsSliceState;
  /** Runs the prepare job on the whole file with the current mapping, in the chosen format unless told. */
  startPrepare(format?: OutputFormat): Promise<void>;
  setOutputFormat(format: OutputFormat): void;
  setEmptyIdentity(choice: EmptyIdentityChoice): void;
  cancelPrepare(): Promise<void>;
  /**
   * Loads a page of the finished job's rejected rows, or of its rows written with warnings (`list`;
   * default: the list shown, else the rejects): the first, from a position, or from a source row.
   */
  loadRejects(at?: { offset?: number; row?: number; list?: RowList }): Promise<void>;
  closeRejects(): void;
  /** Applies a job event from main (the event pump has coalesced its progress to one per frame). */
  applyJobEvent(event: JobEvent): void;
}

/** Rejected rows on one page. */
export const REJECTS_PAGE = 100;

/**
 * Long-running jobs as the screens see them: the prepare job's progress, outcome and rejects.
 * Why the id is minted here: the job's first progress can overtake the reply on the wire; since
 * the request named the job, the event finds it whatever the order.
 * Its events arrive through the event pump (`job-event-pump.ts`), already one per frame.
 */
export const createJobsSlice =
  (bridge: XdmBridge, mintJobId: MintJobId): StateCreator<AppState, [], [], JobsSlice> =>
  (set, get) => {
    const patchJob = (next: Partial<PrepareJobView>): void =>
      set((state) => (state.jobs.prepare ? { jobs: { ...state.jobs, prepare: { ...state.jobs.prepare, ...next } } } : {}));
    /** Whether an event is about the job on screen. */
    const isCurrent = (jobId: JobId): boolean => get().jobs.prepare?.jobId === jobId;

    return {
      jobs: { prepare: null, rejects: null, outputFormat: 'json', emptyIdentity: 'flag' },

      setOutputFormat(outputFormat) {
        set((state) => ({ jobs: { ...state.jobs, outputFormat } }));
      },

      setEmptyIdentity(emptyIdentity) {
        set((state) => ({ jobs: { ...state.jobs, emptyIdentity } }));
      },

      async startPrepare(format = get().jobs.outputFormat) {
        const fileRef = get().prepare.fileRef;
        const schema = get().mapping.schema;
        const fileName = get().prepare.file?.name ?? '';
        const emptyIdentity = get().jobs.emptyIdentity;
        if (!fileRef || !schema) return;
        const jobId = mintJobId();
        set((state) => ({
          jobs: {
            ...state.jobs,
            prepare: {
              jobId,
              fileName,
              format,
              emptyIdentity,
              status: 'starting',
              outDir: null,
              progress: null,
              summary: null,
              error: null,
              errorDetail: null,
            },
            rejects: null,
          },
        }));
        // Moving to the run step finishes at once (only the map step loads anything).
        void get().goToStep('run');
        const result = await outcomeOf(() =>
          ask(bridge, 'jobs.prepare', { jobId, fileRef, ...readInput(get()), schema, mapping: get().currentMapping(), format, emptyIdentity }),
        );
        // Another job may have started since (the reply is about this one only).
        const job = get().jobs.prepare;
        if (job?.jobId !== jobId) return;
        if (!result.ok) patchJob({ status: 'failed', error: result.error });
        else patchJob({ outDir: result.value.outDir, ...(job.status === 'starting' ? { status: 'running' } : {}) });
      },

      async cancelPrepare() {
        const job = get().jobs.prepare;
        if (!job || (job.status !== 'running' && job.status !== 'starting')) return;
        patchJob({ status: 'cancelling' });
        const result = await outcomeOf(() => ask(bridge, 'jobs.cancel', { jobId: job.jobId }));
        if (!result.ok) patchJob({ error: result.error });
      },

      async loadRejects(at = {}) {
        const job = get().jobs.prepare;
        if (!job || job.status !== 'finished') return;
        const current = get().jobs.rejects;
        const list = at.list ?? current?.list ?? 'rejects';
        const fileName = (list === 'warnings' ? job.summary?.warningsFile : job.summary?.rejectsFile) ?? `${list}.csv`;
        // The page shown stays while the next one of the same list is read: the table does not jump.
        const shown = current?.list === list ? current : null;
        const loading: RejectsView = shown
          ? { ...shown, status: 'loading', error: null }
          : { status: 'loading', list, fileName, columns: [], rows: [], total: 0, error: null, offset: 0 };
        set((state) => ({ jobs: { ...state.jobs, rejects: loading } }));
        const result = await outcomeOf(() =>
          ask(bridge, 'jobs.rejects', {
            jobId: job.jobId,
            list,
            limit: REJECTS_PAGE,
            offset: at.offset ?? 0,
            ...(at.row === undefined ? {} : { row: at.row }),
          }),
        );
        if (get().jobs.prepare?.jobId !== job.jobId) return;
        const rejects: RejectsView = result.ok
          ? {
              status: 'ready',
              list,
              fileName: result.value.fileName,
              columns: result.value.columns,
              rows: result.value.rows,
              total: result.value.total,
              offset: result.value.offset,
              error: null,
              ...(at.row === undefined ? {} : { wentTo: { row: at.row, found: result.value.rowFound === true } }),
            }
          : { ...loading, status: 'error', error: result.error };
        set((state) => ({ jobs: { ...state.jobs, rejects } }));
      },

      closeRejects() {
        set((state) => ({ jobs: { ...state.jobs, rejects: null } }));
      },

      applyJobEvent(event) {
        if (!isCurrent(event.jobId)) return;
        switch (event.phase) {
          case 'progress': {
            const job = get().jobs.prepare;
            // Progress must not pull a finished job back to an earlier count; it also says main
            // runs the job when it overtook the reply.
            if (job && (job.status === 'starting' || job.status === 'running' || job.status === 'cancelling'))
              patchJob({ progress: { ...event.progress }, ...(job.status === 'starting' ? { status: 'running' as const } : {}) });
            break;
          }
          case 'finished': {
            const s = event.summary;
            const bytesTotal = get().jobs.prepare?.progress?.bytesTotal ?? 0;
            patchJob({
              status: 'finished',
              summary: s,
              outDir: event.outDir,
              progress: {
                bytesRead: s.status === 'completed' ? bytesTotal : (get().jobs.prepare?.progress?.bytesRead ?? 0),
                bytesTotal,
                rowsRead: s.rowsRead,
                rowsWritten: s.rowsWritten,
                rowsRejected: s.rowsRejected,
              },
            });
            break;
          }
          case 'failed':
            patchJob({ status: 'failed', error: event.error, errorDetail: event.detail ?? null });
            break;
        }
      },
    };
  };

/** Reads of the jobs slice. */
export const jobsSelectors = {
  prepareJob: (state: AppState) => state.jobs.prepare,
  rejects: (state: AppState) => state.jobs.rejects,
  outputFormat: (state: AppState) => state.jobs.outputFormat,
  emptyIdentity: (state: AppState) => state.jobs.emptyIdentity,
  isRunning: (state: AppState) => {
    const status = state.jobs.prepare?.status;
    return status === 'starting' || status === 'running' || status === 'cancelling';
  },
};
