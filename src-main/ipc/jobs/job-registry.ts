import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { AppEvent } from '../../../src-shared/ipc/contract';
import type { StreamProgressEvent, StreamRecordResult, StreamReportShape, UploadProgressEvent, UploadResultShape } from '../../../src-shared/ipc/requests/ingest';
import type { JobId, PrepareSummary } from '../../../src-shared/ipc/requests/prepare';
import { throttleProgress, type ProgressThrottle } from '../../core/jobs/progress-throttle';
import { uploadRunningError } from '../../core/services/index';

/** What a running job reports; main turns it into a `job.progress` event. */
export interface JobProgress {
  bytesRead: number;
  bytesTotal: number;
  rowsRead: number;
  rowsWritten: number;
  rowsRejected: number;
}

/** What a job's body gets: the signal that cancels it, and where to report progress. */
export interface JobControl {
  signal: AbortSignal;
  progress(report: JobProgress): void;
}

export type JobState = 'running' | 'finished' | 'failed';

/** What the registry remembers of a job, running or done. */
export interface JobRecord {
  id: JobId;
  kind: 'prepare' | 'upload' | 'stream';
  state: JobState;
  /** A prepare job's output folder, an upload's job folder, what a stream sends. */
  outDir: string;
  summary?: PrepareSummary;
  /** An upload's outcome. */
  result?: UploadResultShape;
  /** A stream's report. */
  report?: StreamReportShape;
  error?: AppErrorShape;
}

/** An upload's progress as its body reports it (the event without its type and id). */
export type UploadJobProgress = Omit<UploadProgressEvent, 'type' | 'jobId'>;

/** How an upload is told to stop: `cancel` aborts its batch; `suspend` keeps journal and batch for a resume (shutdown). */
export type StopMode = 'cancel' | 'suspend';

/** What an upload's body gets: the stop signal (and how it was meant), progress, notes, and its pause switch. */
export interface UploadJobControl {
  signal: AbortSignal;
  stopMode(): StopMode;
  progress(report: UploadJobProgress): void;
  note(message: string): void;
  /** Hands the registry the running job's pause and resume. */
  pausable(handle: { pause(): void; resume(): void }): void;
  /** Records the job folder once known (so a listing of journals can name the job running one). */
  jobDir(dir: string): void;
}

export interface StartUploadJob {
  /** The job folder (journal, batch reports, failed records) once known; the source until then. */
  outDir: string;
  /**
   * The job folder when known before the worker starts (a resume): the job counts as running it
   * at once, so a second resume of the same folder is refused instead of racing the first.
   */
  jobDir?: string;
  /**
   * What makes two uploads one job before its folder is known: its input (real path), dataset and
   * target. A second upload with the same identity is refused while the first runs.
   */
  identity?: string;
  run(control: UploadJobControl): Promise<UploadResultShape>;
}

/** A stream's progress as its body reports it: counts so far and the results new since its previous report. */
export type StreamJobProgress = Omit<StreamProgressEvent, 'type' | 'jobId'>;

/** What a stream's body gets: the signal that stops it between requests, and where to report progress. */
export interface StreamJobControl {
  signal: AbortSignal;
  progress(report: StreamJobProgress): void;
}

export interface StartStreamJob {
  /** What is streamed (main's path), kept as the record's `outDir`. */
  input: string;
  /** Cancels the run when it aborts (the window or socket that started it went away). */
  owner?: AbortSignal;
  run(control: StreamJobControl): Promise<StreamReportShape>;
}

export interface JobRegistryOptions {
  emit: (event: AppEvent) => void;
  /** Interval of progress events per job (default 100 ms: about ten a second). */
  progressIntervalMs?: number;
  now?: () => number;
}

export interface StartJob {
  kind: 'prepare';
  outDir: string;
  /** Cancels the job when it aborts (the window or socket that started it went away). */
  owner?: AbortSignal;
  run(control: JobControl): Promise<PrepareSummary>;
}

interface JobEntry {
  record: JobRecord;
  controller: AbortController;
  done: Promise<void>;
  stop?: StopMode;
  pausable?: { pause(): void; resume(): void };
  paused?: boolean;
  /** An upload's job folder is in `record.outDir` (until then it holds the source). */
  jobDirKnown?: boolean;
  identity?: string;
}

/** A running upload as `uploads.list` needs it: its id, and its job folder once the worker said. */
export interface RunningUpload {
  id: JobId;
  /** Undefined while the job is still resolving its input (it holds no journal yet). */
  jobDir?: string;
  identity?: string;
}

export { uploadRunningError };

/**
 * A progress throttle whose pending report goes out after the interval even if none follows.
 * Why: an upload can sit paused or polling, and a stream waits up to a second between requests at
 * AEP's pace; their last state must not wait for the next report.
 */
function throttleWithTrailing<T>(send: (report: T) => void, intervalMs: number, now: () => number): ProgressThrottle<T> {
  const inner = throttleProgress<T>(send, intervalMs, now);
  let trailing: ReturnType<typeof setTimeout> | undefined;
  return {
    offer: (report) => {
      inner.offer(report);
      if (trailing === undefined) {
        trailing = setTimeout(() => {
          trailing = undefined;
          inner.flush();
        }, intervalMs);
        trailing.unref?.();
      }
    },
    flush: () => {
      if (trailing !== undefined) clearTimeout(trailing);
      trailing = undefined;
      inner.flush();
    },
  };
}

/** A job's failure as the renderer sees it: an AppError as it is, anything else as INTERNAL after `prefix`. */
function failureShape(error: unknown, prefix: string): AppErrorShape {
  return isAppError(error) ? error.toShape() : { code: 'INTERNAL', message: `${prefix}${error instanceof Error ? error.message : String(error)}` };
}

/**
 * Cancels a job when the window or socket that started it goes away (prepare and stream jobs
 * keep no journal, so they end with their owner); returns the function that stops listening.
 */
function followOwner(owner: AbortSignal | undefined, controller: AbortController): () => void {
  const onOwnerGone = (): void => controller.abort(new AppError('CANCELLED', 'The window that started the job closed.'));
  if (owner?.aborted) onOwnerGone();
  else owner?.addEventListener('abort', onOwnerGone, { once: true });
  return () => owner?.removeEventListener('abort', onOwnerGone);
}

/** A fresh job id: `j_` and 12 random base64url characters. */
export function newJobId(): JobId {
  return `j_${randomBytes(9).toString('base64url')}`;
}

/**
 * The registry of long-running jobs: ids, one AbortController each, throttled progress events.
 * Why in ipc and not core: a job here is the IPC shape of work (an id returned at once, events
 * pushed later); core's pipelines only take a signal and a progress callback. Progress is
 * throttled per job to about ten events a second, and the last report always goes out before
 * `job.finished`, so a bar never stops short of where the job ended.
 */
export class JobRegistry {
  readonly #jobs = new Map<JobId, JobEntry>();
  readonly #emit: (event: AppEvent) => void;
  readonly #interval: number;
  readonly #now: () => number;

  constructor(options: JobRegistryOptions) {
    this.#emit = options.emit;
    this.#interval = options.progressIntervalMs ?? 100;
    this.#now = options.now ?? Date.now;
  }

  /** Starts a job and returns its id at once; the outcome arrives as events. */
  start(job: StartJob): JobId {
    const id = newJobId();
    const controller = new AbortController();
    const record: JobRecord = { id, kind: job.kind, state: 'running', outDir: job.outDir };
    const throttle = throttleProgress<JobProgress>(
      (p) => this.#emit({ type: 'job.progress', jobId: id, kind: job.kind, ...p }),
      this.#interval,
      this.#now,
    );
    const releaseOwner = followOwner(job.owner, controller);

    const done = (async () => {
      // Let the caller receive the id before the first event can arrive.
      await Promise.resolve();
      try {
        const summary = await job.run({ signal: controller.signal, progress: (p) => throttle.offer({ ...p }) });
        throttle.flush();
        record.state = 'finished';
        record.summary = summary;
        this.#emit({ type: 'job.finished', jobId: id, kind: job.kind, summary, outDir: job.outDir });
      } catch (error) {
        throttle.flush();
        record.state = 'failed';
        record.error = failureShape(error, 'The job failed: ');
        this.#emit({ type: 'job.failed', jobId: id, kind: job.kind, error: record.error });
      } finally {
        releaseOwner();
      }
    })();
    this.#jobs.set(id, { record, controller, done });
    return id;
  }

  /**
   * Starts an upload and returns its id at once: `upload.progress` (throttled), `upload.status`,
   * then exactly one of `upload.finished` or `upload.failed`.
   * Why no owner: an upload has a journal, so it outlives the window that started it (design §4);
   * only `cancel` (which aborts its batch) or shutdown (which suspends it for a resume) stop it.
   */
  startUpload(job: StartUploadJob): JobId {
    // Checked here, with nothing awaited between the check and the registration, so two requests
    // arriving together cannot both pass. The job lock cannot tell them apart: both workers run in
    // this process and write its pid.
    const running = this.runningUploads().find(
      (r) => (job.identity !== undefined && r.identity === job.identity) || (job.jobDir !== undefined && r.jobDir !== undefined && path.resolve(r.jobDir) === path.resolve(job.jobDir)),
    );
    if (running) throw uploadRunningError(running.id);
    const id = newJobId();
    const controller = new AbortController();
    const record: JobRecord = { id, kind: 'upload', state: 'running', outDir: job.jobDir ?? job.outDir };
    const throttle = throttleWithTrailing<UploadJobProgress>((p) => this.#emit({ type: 'upload.progress', jobId: id, ...p }), this.#interval, this.#now);
    const entry: JobEntry = {
      record,
      controller,
      done: Promise.resolve(),
      jobDirKnown: job.jobDir !== undefined,
      ...(job.identity !== undefined ? { identity: job.identity } : {}),
    };
    entry.done = (async () => {
      await Promise.resolve();
      try {
        const result = await job.run({
          signal: controller.signal,
          stopMode: () => entry.stop ?? 'cancel',
          progress: (p) => throttle.offer({ ...p, batchIds: [...p.batchIds] }),
          note: (message) => this.#emit({ type: 'upload.status', jobId: id, state: entry.paused ? 'paused' : 'running', note: message }),
          pausable: (handle) => {
            entry.pausable = handle;
            if (entry.paused) handle.pause();
          },
          jobDir: (dir) => {
            record.outDir = dir;
            entry.jobDirKnown = true;
          },
        });
        throttle.flush();
        record.state = 'finished';
        record.result = result;
        record.outDir = result.jobDir;
        this.#emit({ type: 'upload.finished', jobId: id, result });
      } catch (error) {
        throttle.flush();
        record.state = 'failed';
        record.error = failureShape(error, 'The upload failed: ');
        this.#emit({ type: 'upload.failed', jobId: id, error: record.error });
      }
    })();
    this.#jobs.set(id, entry);
    return id;
  }

  /**
   * Starts a streaming run and returns its id at once: `stream.progress` (throttled, each with the
   * results new since the previous event), then exactly one of `stream.finished` or `stream.failed`.
   * Why an owner: a stream keeps no journal, so like a prepare job it stops with the window that
   * started it (design §4); `stream.failed` then says how many records had been sent.
   */
  startStream(job: StartStreamJob): JobId {
    const id = newJobId();
    const controller = new AbortController();
    const record: JobRecord = { id, kind: 'stream', state: 'running', outDir: job.input };
    // Results wait here until an event carries them: throttling may skip a report, never a result.
    let unsent: StreamRecordResult[] = [];
    let sent = 0;
    const throttle = throttleWithTrailing<Omit<StreamJobProgress, 'results'>>(
      (counts) => {
        const results = unsent;
        unsent = [];
        this.#emit({ type: 'stream.progress', jobId: id, ...counts, results });
      },
      this.#interval,
      this.#now,
    );
    const releaseOwner = followOwner(job.owner, controller);
    const done = (async () => {
      await Promise.resolve();
      try {
        const report = await job.run({
          signal: controller.signal,
          progress: ({ results, ...counts }) => {
            unsent.push(...results);
            sent = counts.sent;
            throttle.offer(counts);
          },
        });
        throttle.flush();
        record.state = 'finished';
        record.report = report;
        this.#emit({ type: 'stream.finished', jobId: id, report });
      } catch (error) {
        throttle.flush();
        record.state = 'failed';
        record.error = failureShape(error, 'Streaming failed: ');
        this.#emit({ type: 'stream.failed', jobId: id, error: record.error, sent });
      } finally {
        releaseOwner();
      }
    })();
    this.#jobs.set(id, { record, controller, done });
    return id;
  }

  /** Pauses a running upload (transfers in flight finish, no new one starts); false when it cannot. */
  pause(id: JobId): boolean {
    return this.#setPaused(id, true);
  }

  /** Resumes a paused upload; false when it is not a paused, running upload. */
  resume(id: JobId): boolean {
    return this.#setPaused(id, false);
  }

  #setPaused(id: JobId, paused: boolean): boolean {
    const entry = this.#jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'This job is unknown (it may belong to an earlier run of the app).', { field: 'jobId' });
    if (entry.record.kind !== 'upload') throw new AppError('CONFLICT', 'Only uploads can be paused.', { field: 'jobId' });
    if (entry.record.state !== 'running' || (entry.paused ?? false) === paused) return false;
    entry.paused = paused;
    if (paused) entry.pausable?.pause();
    else entry.pausable?.resume();
    this.#emit({ type: 'upload.status', jobId: id, state: paused ? 'paused' : 'running' });
    return true;
  }

  /**
   * Asks a running job to stop; false when it is unknown or already over. An upload stopped with
   * `cancel` aborts its batch; with `suspend` it keeps its journal for the next run to resume.
   */
  cancel(id: JobId, mode: StopMode = 'cancel'): boolean {
    const entry = this.#jobs.get(id);
    if (!entry || entry.record.state !== 'running') return false;
    entry.stop ??= mode;
    // A paused upload must wake up to see the signal.
    if (entry.paused) entry.pausable?.resume();
    entry.controller.abort(new AppError('CANCELLED', mode === 'cancel' ? 'Cancelled by the user.' : 'The app is closing.'));
    return true;
  }

  /** A job's record; throws NOT_FOUND for an id this registry never issued. */
  get(id: JobId): JobRecord {
    const entry = this.#jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'This job is unknown (it may belong to an earlier run of the app).', { field: 'jobId' });
    return { ...entry.record };
  }

  /** The uploads running now, with their job folders where known. */
  runningUploads(): RunningUpload[] {
    return [...this.#jobs.values()]
      .filter((e) => e.record.kind === 'upload' && e.record.state === 'running')
      .map((e) => ({ id: e.record.id, ...(e.jobDirKnown ? { jobDir: e.record.outDir } : {}), ...(e.identity !== undefined ? { identity: e.identity } : {}) }));
  }

  /** Resolves once the job has emitted its last event (tests, shutdown). */
  async settled(id: JobId): Promise<void> {
    await this.#jobs.get(id)?.done;
  }

  /** Stops every running job (uploads suspended for a later resume) and waits for all of them to end (shutdown). */
  async cancelAll(): Promise<void> {
    // Uploads are suspended, not cancelled: their journal lets the next run resume them.
    for (const [id, entry] of this.#jobs) this.cancel(id, entry.record.kind === 'upload' ? 'suspend' : 'cancel');
    await Promise.all([...this.#jobs.values()].map((entry) => entry.done));
  }
}
