import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape, ErrorCode } from '../../src-shared/domain/errors';
import type { StreamJobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import type { IngestSource } from '../../src-shared/ipc/requests/upload-shapes';
import type { StreamRecordResult, StreamReportShape, StreamValidation } from '../../src-shared/ipc/requests/jobs';
import type { AppState } from './app-state';
import type { ConnectionView } from '../../src-shared/platform/connection';
import { type PreflightView, preflightSeen } from '../queries/preflight';
import { connectionsSeen } from '../queries/server-cache';
import { ask, outcomeOf } from '../queries/request';
import type { MintJobId } from './job-ids';
import type { ServerAccess } from './server-access';
import type { ConfirmationView, UploadDraft } from './uploads-slice';

export type { StreamRecordResult, StreamValidation } from '../../src-shared/ipc/requests/jobs';
/** A finished run's report (its `finished` event). */
export type StreamSendResult = StreamReportShape;
export type StreamEvent = StreamJobEvent;

/** Records streamed at most unless the steward changes it. */
export const STREAM_LIMIT_DEFAULT = 100;
/** The most `streaming.send` takes (its contract's bound): beyond it a batch is the way. */
export const STREAM_LIMIT_MAX = 1000;
/** AEP's pace for synchronous validation: 60 requests a minute per connection (aep-notes §7). */
export const SYNC_RECORDS_PER_MINUTE = 60;
/** Identities sampled by the confirmation, as the Jobs screen does. */
const STREAM_CONFIRM_COUNT = 10;
/** How long the first confirmation waits: streamed records reach Profile within about a minute. */
export const STREAM_CONFIRM_FIRST_WAIT_MS = 10_000;
/** How long "Check again" waits. */
export const STREAM_CONFIRM_AGAIN_WAIT_MS = 30_000;

/** Where a run stands: records answered (sent) of the set, and their fates so far. */
export interface StreamProgressView {
  sent: number;
  total: number;
  accepted: number;
  received: number;
  rejected: number;
}

export interface StreamRunView {
  /** What was sent, where: the run is shown only with a draft of the same source and dataset. */
  source: IngestSource;
  fileName: string;
  datasetId: string;
  connectionId: string | null;
  validation: StreamValidation;
  /** Whether the steward asked for Profile: only then is the confirmation run. */
  profile: boolean;
  /** `starting` until main accepts the job; `cancelling` once Cancel was pressed, until main says it stopped. */
  status: 'starting' | 'sending' | 'cancelling' | 'finished' | 'failed';
  /** Minted here and sent with `streaming.send`, so every event of the run is recognised. */
  jobId: JobId;
  /** Null until the first progress event. */
  progress: StreamProgressView | null;
  /** Each record's fate as it came in, in the set's order; a failed run keeps those that came before. */
  results: StreamRecordResult[];
  /** The full report, once finished. */
  result: StreamSendResult | null;
  error: AppErrorShape | null;
  /** The raw message of a failure nobody planned for, shown behind "Details". */
  errorDetail: string | null;
  /** Records already sent when the run failed (they stay sent); null unless failed. */
  sentBeforeFailure: number | null;
  /** Why Cancel could not be asked (the run goes on). */
  actionError: AppErrorShape | null;
  confirmation: ConfirmationView;
}

export interface StreamingSliceState {
  /** Most records "Send by streaming" takes (1..STREAM_LIMIT_MAX); above it, batch upload. */
  limit: number;
  validation: StreamValidation;
  /** HTTP API inlet ids typed this session, by connection and dataset (see `inletKey`). */
  inlets: Record<string, string>;
  /** The last streaming run of the session. */
  run: StreamRunView | null;
}

export interface StreamingSlice {
  streaming: StreamingSliceState;
  setStreamLimit(limit: number): void;
  setStreamValidation(validation: StreamValidation): void;
  /** Remembers the inlet id for the draft's connection and dataset. */
  setStreamInlet(inletId: string): void;
  /**
   * Starts streaming the draft's records into its dataset (a job in main); resolves once main named
   * the job or refused it. Does nothing while the offer is blocked or a run is on.
   */
  sendByStreaming(): Promise<void>;
  /** Asks main to stop the run before its next request; records already sent stay sent. */
  cancelStreaming(): Promise<void>;
  /** Applies a streaming job's event (app-slice routes them here). */
  applyStreamEvent(event: StreamEvent): void;
  /** Looks the streamed records' identities up in Profile again. */
  checkStreamedInProfile(waitMs?: number): Promise<void>;
}

const idleConfirmation: ConfirmationView = { status: 'idle', report: null, error: null };
const initial: StreamingSliceState = { limit: STREAM_LIMIT_DEFAULT, validation: 'sync', inlets: {}, run: null };

/** The key an inlet id is remembered under: one inlet per connection and dataset. */
export function inletKey(connectionId: string | null, datasetId: string): string {
  return `${connectionId ?? ''}\u0000${datasetId}`;
}

function sameSource(a: IngestSource, b: IngestSource): boolean {
  if (a.kind === 'job' && b.kind === 'job') return a.jobId === b.jobId;
  if (a.kind === 'file' && b.kind === 'file') return a.fileRef === b.fileRef;
  if (a.kind === 'folder' && b.kind === 'folder') return a.path === b.path;
  return false;
}

/** The connections as main lists them: the offer depends on whether the draft's is the Local sandbox. */
export interface ConnectionsSeen {
  activeId: string | null;
  views: readonly ConnectionView[];
}

/** The connection a draft sends to: the one its dataset was chosen on, else the active one. */
function draftConnectionId(draft: UploadDraft, activeId: string | null): string | null {
  return draft.connectionId ?? activeId;
}

/**
 * Whether the draft may be streamed, and what stands in the way.
 * Why each field is a primitive: the component reads it through `useShallow`, which compares one level.
 */
export interface StreamOffer {
  /** Records to send, when known (a JSON Lines file read only in part is not). */
  records: number | null;
  limit: number;
  /** False when the set is above the limit: the option is shown disabled with `reason`. */
  small: boolean;
  /** Why streaming is not offered for this set, or a caveat when its size is unknown. */
  reason: string | null;
  /** The Local sandbox takes any inlet; an AEP connection needs its HTTP API inlet id. */
  needsInlet: boolean;
  inletId: string;
  /** Why "Send by streaming" cannot be pressed now (dataset, preflight, inlet), or null. */
  blocker: string | null;
  sending: boolean;
}

/** `preflight` is the draft's (its query), read by the screen through `useQuery` and by the store from the cache. */
export function streamOffer(state: AppState, connections: ConnectionsSeen, preflight: PreflightView): StreamOffer | null {
  const draft = state.uploads.draft;
  if (!draft) return null;
  const { limit } = state.streaming;
  const connectionId = draftConnectionId(draft, connections.activeId);
  const local = connections.views.find((v) => v.connection.id === connectionId)?.connection.kind === 'local';
  const inletId = draft.datasetId ? (state.streaming.inlets[inletKey(connectionId, draft.datasetId)] ?? '') : '';
  const small = draft.records === null || draft.records <= limit;
  const reason =
    draft.records === null
      ? `The file's record count is known only once it is read: a file of more than ${limit} records is refused before anything is sent.`
      : small
        ? null
        : `${draft.records} records is more than the streaming limit of ${limit}: upload them as a batch${limit < STREAM_LIMIT_MAX && draft.records <= STREAM_LIMIT_MAX ? `, or raise the limit (up to ${STREAM_LIMIT_MAX})` : ''}.`;
  const { status, report } = preflight;
  const blocker = !small
    ? reason
    : !draft.datasetId
      ? 'Choose a dataset and run preflight first.'
      : status !== 'ready'
        ? 'Run preflight first.'
        : !report?.ok
          ? 'Fix the failed checks, then run preflight again.'
          : !local && inletId.trim() === ''
            ? 'Enter the inlet id of an HTTP API streaming connection.'
            : null;
  return { records: draft.records, limit, small, reason, needsInlet: !local, inletId, blocker, sending: isRunning(state.streaming.run) };
}

/** Whether a run is on (starting, sending or being cancelled): then no other may start. */
export function isRunning(run: StreamRunView | null): boolean {
  return run?.status === 'starting' || run?.status === 'sending' || run?.status === 'cancelling';
}

/** The results with `more` added, each record once, in the set's order. */
function withResults(results: readonly StreamRecordResult[], more: readonly StreamRecordResult[]): StreamRecordResult[] {
  if (more.length === 0) return [...results];
  const byIndex = new Map(results.map((r) => [r.index, r]));
  for (const r of more) byIndex.set(r.index, r);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Why a send failed, in words: whether anything may have arrived (`sent`, when known) decides what to do next. */
export function streamFailureWords(error: AppErrorShape, sent: number | null = null): { title: string; detail: string | null } {
  const nothingSent: readonly ErrorCode[] = [
    'INVALID_INPUT',
    'NOT_FOUND',
    'FILE_UNREADABLE',
    'FILE_EMPTY',
    'FILE_BINARY',
    'FILE_MALFORMED',
    'FILE_UNSUPPORTED',
  ];
  if (nothingSent.includes(error.code)) return { title: 'Nothing was streamed', detail: null };
  if (error.code === 'UNREACHABLE')
    return {
      title: 'Streaming stopped: the app or the inlet did not answer',
      detail: 'Records sent before this may have arrived: look at the dataset before sending again.',
    };
  // A cancel's message says how many records were sent and that they stay; what follows from it is said here.
  if (error.code === 'CANCELLED')
    return { title: 'Streaming was cancelled', detail: sent === 0 ? null : 'Sending the file again would send those records twice.' };
  return { title: 'Streaming stopped', detail: 'Records sent before this may have arrived: look at the dataset before sending again.' };
}

/**
 * The rejected records as JSON Lines rows: each with its number in the set, the record as it was
 * sent, and why it was refused.
 * Why the record itself: the steward fixes and resends refused records; with the number alone they
 * would have to dig each one out of the file that was sent.
 */
export function rejectedRows(results: readonly StreamRecordResult[]): Array<Record<string, unknown>> {
  return results
    .filter((r) => r.status === 'rejected')
    .map((r) => ({
      index: r.index,
      ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
      ...(r.message !== undefined ? { message: r.message } : {}),
      violations: (r.violations ?? []).map((v) => ({
        ...(v.pointer !== undefined ? { pointer: v.pointer } : {}),
        ...(v.keyword !== undefined ? { keyword: v.keyword } : {}),
        message: v.message,
      })),
      ...(r.record !== undefined ? { record: r.record } : {}),
    }));
}

/**
 * Streaming a small record set from the Upload step, with each record's fate.
 * Why beside the draft and not in it: the limit, the validation mode and the inlet ids outlive a
 * draft (a steward streams several files to one inlet), and a run is kept while its draft is on screen.
 * Why one run at a time: with synchronous validation AEP takes 60 records a minute per connection;
 * two runs would only share that pace.
 * Why a job: at that pace 1000 records take about 17 minutes; main answers `streaming.send` with an
 * id at once and reports progress with the new results; the event pump applies them once per
 * frame. The id is minted here, so an event that overtakes the reply still finds its run.
 */
export const createStreamingSlice =
  ({ bridge, client }: ServerAccess, mintJobId: MintJobId): StateCreator<AppState, [], [], StreamingSlice> =>
  (set, get) => {
    let confirmAttempt = 0;
    const patch = (next: Partial<StreamingSliceState>): void => set((state) => ({ streaming: { ...state.streaming, ...next } }));
    const patchRun = (next: Partial<StreamRunView> | ((run: StreamRunView) => Partial<StreamRunView>)): void =>
      set((state) =>
        state.streaming.run
          ? { streaming: { ...state.streaming, run: { ...state.streaming.run, ...(typeof next === 'function' ? next(state.streaming.run) : next) } } }
          : {},
      );

    async function confirm(waitMs: number): Promise<void> {
      const run = get().streaming.run;
      if (!run?.result || run.status !== 'finished') return;
      const id = ++confirmAttempt;
      patchRun((r) => ({ confirmation: { ...r.confirmation, status: 'loading', error: null } }));
      const result = await outcomeOf(() =>
        ask(bridge, 'jobs.confirm', {
          source: run.source,
          datasetId: run.datasetId,
          ...(run.connectionId ? { connectionId: run.connectionId } : {}),
          count: STREAM_CONFIRM_COUNT,
          waitMs,
        }),
      );
      if (id !== confirmAttempt || get().streaming.run?.result !== run.result) return;
      patchRun((r) => ({
        confirmation: result.ok
          ? { status: 'ready', report: result.value, error: null }
          : { status: 'error', report: r.confirmation.report, error: result.error },
      }));
    }

    return {
      streaming: initial,

      setStreamLimit(limit) {
        if (!Number.isFinite(limit)) return;
        patch({ limit: Math.min(STREAM_LIMIT_MAX, Math.max(1, Math.round(limit))) });
      },

      setStreamValidation(validation) {
        patch({ validation });
      },

      setStreamInlet(inletId) {
        const draft = get().uploads.draft;
        if (!draft?.datasetId) return;
        const key = inletKey(draftConnectionId(draft, connectionsSeen(client).activeId), draft.datasetId);
        patch({ inlets: { ...get().streaming.inlets, [key]: inletId } });
      },

      async sendByStreaming() {
        const state = get();
        const draft = state.uploads.draft;
        const connections = connectionsSeen(client);
        const offer = draft ? streamOffer(state, connections, preflightSeen(client, draft, connections.activeId)) : null;
        if (!draft?.datasetId || !offer || offer.blocker !== null || offer.sending) return;
        const connectionId = draftConnectionId(draft, connections.activeId);
        const { validation, limit } = state.streaming;
        const run: StreamRunView = {
          source: draft.source,
          fileName: draft.fileName,
          datasetId: draft.datasetId,
          connectionId,
          validation,
          profile: draft.profile,
          status: 'starting',
          jobId: mintJobId(),
          progress: null,
          results: [],
          result: null,
          error: null,
          errorDetail: null,
          sentBeforeFailure: null,
          actionError: null,
          confirmation: idleConfirmation,
        };
        confirmAttempt++;
        patch({ run });
        const result = await outcomeOf(() =>
          ask(bridge, 'streaming.send', {
            jobId: run.jobId,
            source: draft.source,
            datasetId: draft.datasetId as string,
            ...(connectionId ? { connectionId } : {}),
            ...(offer.needsInlet ? { inletId: offer.inletId.trim() } : {}),
            validation,
            maxRecords: limit,
          }),
        );
        if (!result.ok) patchRun({ status: 'failed', error: result.error, sentBeforeFailure: 0 });
        else patchRun((r) => (r.status === 'starting' ? { status: 'sending' as const } : {}));
      },

      async cancelStreaming() {
        const run = get().streaming.run;
        if (!run || run.status !== 'sending') return;
        patchRun({ status: 'cancelling', actionError: null });
        const undo = (failure: AppErrorShape) =>
          patchRun((r) => (r.status === 'cancelling' ? { status: 'sending', actionError: failure } : { actionError: failure }));
        const result = await outcomeOf(() => ask(bridge, 'jobs.cancel', { jobId: run.jobId }));
        if (!result.ok) undo(result.error);
      },

      applyStreamEvent(event) {
        const run = get().streaming.run;
        if (!run || run.jobId !== event.jobId || run.status === 'finished' || run.status === 'failed') return;
        switch (event.phase) {
          case 'progress': {
            // The pump has gathered the frame's results: each report holds only the new ones.
            const { results, ...counts } = event.progress;
            // A progress event says main runs the job, even when it overtook the reply.
            patchRun((r) =>
              isRunning(r)
                ? { progress: counts, results: withResults(r.results, results), ...(r.status === 'starting' ? { status: 'sending' as const } : {}) }
                : {},
            );
            break;
          }
          case 'finished': {
            const { report } = event;
            patchRun({
              status: 'finished',
              result: report,
              results: report.results,
              progress: {
                sent: report.accepted + report.received + report.rejected,
                total: report.total,
                accepted: report.accepted,
                received: report.received,
                rejected: report.rejected,
              },
              actionError: null,
            });
            // Only what the inlet took can be in Profile, and only when the steward asked for Profile.
            if (run.profile && report.accepted + report.received > 0) void confirm(STREAM_CONFIRM_FIRST_WAIT_MS);
            break;
          }
          case 'failed':
            patchRun({ status: 'failed', error: event.error, errorDetail: event.detail ?? null, sentBeforeFailure: event.sent, actionError: null });
            break;
        }
      },

      checkStreamedInProfile: (waitMs = STREAM_CONFIRM_AGAIN_WAIT_MS) => confirm(waitMs),
    };
  };

/** Reads of the streaming slice. */
export const streamingSelectors = {
  limit: (state: AppState) => state.streaming.limit,
  validation: (state: AppState) => state.streaming.validation,
  /** The last run, when it belongs to the draft on screen (same source, same dataset). */
  runForDraft: (state: AppState): StreamRunView | null => {
    const run = state.streaming.run;
    const draft = state.uploads.draft;
    if (!run || !draft || draft.datasetId !== run.datasetId || !sameSource(run.source, draft.source)) return null;
    return run;
  },
};
