import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { AppEvent } from '../../../src-shared/ipc/contract';
import type { JobId, JobKind } from '../../../src-shared/ipc/job-id';
import type { JobPayload } from '../../../src-shared/ipc/job-events';
import { stopJob, type JobStop } from '../../core/jobs/job-stop';
import { throttleProgress, type ProgressThrottle } from '../../core/jobs/progress-throttle';
import { silentLogger, type Logger } from '../../core/platform/logger';
import { jobFailure, type JobFailure } from './job-failure';
import { uploadRunningError } from '../../core/services/index';

export type { JobStop } from '../../core/jobs/job-stop';

/** What the registry may do with a job's worker: end it at once, and pause or resume it when the job can pause (an upload). */
export interface JobThreadHandle {
  terminate(): Promise<void>;
  pause?(): void;
  resume?(): void;
}

/** What a job's body gets, whatever its kind. */
export interface JobControl<Progress> {
  readonly id: JobId;
  /** Aborts when the job is told to stop; its reason carries the stop's word (core/jobs/job-stop.ts). */
  readonly signal: AbortSignal;
  /** Offers a progress report; the registry throttles them into `progress` events. */
  progress(report: Progress): void;
  /** Hands the registry the job's worker (pause and resume, and terminate). */
  attach(thread: JobThreadHandle): void;
  /** A note for the user (a kind with a `status` event: an upload's "resuming", "split"). */
  note(message: string): void;
  /** Where the job keeps its files, once the worker knows (an upload's job folder, after its lock). */
  outDir(dir: string): void;
}

/**
 * What makes one kind of job: how its reports become the payloads of its events.
 * Why a plug-in: the lifecycle (id, stop, throttled progress, exactly one final event, logging,
 * removal) is the same for prepare, upload and streaming; only the payloads differ, and whether
 * progress reports merge (a stream's new results) and whether the job pauses (an upload's status).
 */
export interface JobKindEvents<K extends JobKind, Progress, Result> {
  kind: K;
  /** What the user reads when the job fails in a way nobody planned for (the raw message goes behind "Details"). */
  unexpected: string;
  progress(report: Progress): JobPayload<K>;
  finished(result: Result): JobPayload<K>;
  /** `last` is the last progress report offered (a stream says how many records it had sent). */
  failed(failure: JobFailure, last: Progress | undefined): JobPayload<K>;
  /** Folds a report the throttle held back into the next one (else the newer one replaces it). */
  merge?(held: Progress, next: Progress): Progress;
  /** A job that pauses reports its state (and notes) with this; others cannot be paused. */
  status?(state: 'running' | 'paused', note?: string): JobPayload<K>;
  /** Whether a pause would still hold something back, given the last progress report (else it is refused). */
  pausable?(last: Progress): boolean;
  /**
   * Sends the held report after the interval even when none follows: an upload can sit paused
   * or polling, and a stream waits up to a second between requests at AEP's pace.
   */
  trailing?: boolean;
  /** Whether the job stops when the window or socket that started it goes away (no journal to resume from). */
  endsWithOwner: boolean;
  /** How shutdown stops it (`suspend`: an upload keeps its journal for the next run). */
  shutdownStop: JobStop;
}

export interface StartJob<K extends JobKind, Progress, Result> {
  /** The caller's id (the request's `jobId`); refused when this registry already used it. */
  id: JobId;
  events: JobKindEvents<K, Progress, Result>;
  /** Where the job's files are (a prepare job's output folder, an upload's input until its folder is known, what a stream sends). */
  outDir: string;
  /** The window or socket that started the job (it ends with it when its kind says so). */
  owner?: AbortSignal;
  /**
   * What makes two jobs one while they run (an upload: input, dataset and target; or its job
   * folder when a resume knows it): a second one is refused (CONFLICT) until the first ends.
   */
  identity?: string;
  jobDir?: string;
  run(control: JobControl<Progress>): Promise<Result>;
}

export type JobState = 'running' | 'finished' | 'failed';

/** What the registry keeps of a running job. */
export interface JobRecord {
  id: JobId;
  kind: JobKind;
  state: JobState;
  outDir: string;
}

/** A running upload as `uploads.list` needs it: its id, and its job folder once the worker said. */
export interface RunningUpload {
  id: JobId;
  /** Undefined while the job is still resolving its input (it holds no journal yet). */
  jobDir?: string;
  identity?: string;
}

export interface JobRegistryOptions {
  emit: (event: AppEvent) => void;
  /** Where unexpected failures are written, with their job id (default: nowhere). */
  logger?: Logger;
  /** Interval of progress events per job (default 100 ms: about ten a second). */
  progressIntervalMs?: number;
  now?: () => number;
}

interface JobEntry {
  record: JobRecord;
  controller: AbortController;
  done: Promise<void>;
  /** Turns a state change into a status event, when the kind pauses. */
  status?: (state: 'running' | 'paused', note?: string) => void;
  /** False once a pause would hold nothing back (an upload whose bytes are all sent). */
  pausable: () => boolean;
  thread?: JobThreadHandle;
  shutdownStop: JobStop;
  paused: boolean;
  /** `record.outDir` is the job folder (until then it may hold the source). */
  jobDirKnown: boolean;
  identity?: string;
}

/** How many ids of ended jobs are remembered, so a late cancel answers "not running" rather than "unknown". */
const ENDED_IDS_KEPT = 1000;

export { uploadRunningError };

/** A fresh job id (`j_` and 12 random base64url characters), for the jobs main starts itself (resume on start) and for tests. */
export function newJobId(): JobId {
  return `j_${randomBytes(9).toString('base64url')}`;
}

function unknownJob(): AppError {
  return new AppError('NOT_FOUND', 'This job is unknown (it may belong to an earlier run of the app).', { field: 'jobId' });
}

/**
 * A progress throttle; with `trailing`, a held report goes out after the interval even if none follows.
 * `merge` folds a held report into the next one instead of dropping it.
 */
function throttle<T>(
  send: (report: T) => void,
  options: { intervalMs: number; now: () => number; trailing: boolean; merge?: (held: T, next: T) => T },
): ProgressThrottle<T> {
  let held: T | undefined;
  const inner = throttleProgress<T>(
    (report) => {
      held = undefined;
      send(report);
    },
    options.intervalMs,
    options.now,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    offer: (report) => {
      const merged = held !== undefined && options.merge ? options.merge(held, report) : report;
      held = merged;
      inner.offer(merged);
      if (options.trailing && timer === undefined && held !== undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          inner.flush();
        }, options.intervalMs);
        timer.unref?.();
      }
    },
    flush: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      inner.flush();
    },
  };
}

/**
 * The registry of running jobs: one lifecycle for every kind.
 * A job starts under its caller's id (so no event can name it before the caller knows it), runs
 * with one AbortController (the stop's word on its reason), reports throttled progress (about ten
 * events a second, the last one always before the final event), and ends with exactly one
 * `finished` or `failed` event, after which it leaves the registry. A failure nobody planned for
 * is logged with the job id and shown in words, its raw message one click away.
 * Why in ipc and not core: a job here is the IPC shape of work (an id, events pushed later);
 * core's pipelines only take a signal and a progress callback.
 */
export class JobRegistry {
  readonly #jobs = new Map<JobId, JobEntry>();
  readonly #ended = new Set<JobId>();
  readonly #emit: (event: AppEvent) => void;
  readonly #logger: Logger;
  readonly #interval: number;
  readonly #now: () => number;

  constructor(options: JobRegistryOptions) {
    this.#emit = options.emit;
    this.#logger = options.logger ?? silentLogger;
    this.#interval = options.progressIntervalMs ?? 100;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Starts a job under `job.id`; its outcome arrives as `job` events of its kind.
   * Throws CONFLICT for an id already used, or while a job with the same identity or job folder runs.
   * Checked with nothing awaited between the check and the registration, so two requests arriving
   * together cannot both pass (the upload's job lock cannot tell them apart: both workers run in
   * this process and write its pid).
   */
  start<K extends JobKind, Progress, Result>(job: StartJob<K, Progress, Result>): JobId {
    const { id, events } = job;
    if (this.#jobs.has(id) || this.#ended.has(id))
      throw new AppError('CONFLICT', `Job id ${id} is already used: start each job under a new id.`, { field: 'jobId' });
    const running = [...this.#jobs.values()].find(
      (e) =>
        e.record.kind === events.kind &&
        ((job.identity !== undefined && e.identity === job.identity) ||
          (job.jobDir !== undefined && e.jobDirKnown && path.resolve(e.record.outDir) === path.resolve(job.jobDir))),
    );
    if (running) throw uploadRunningError(running.record.id);

    // TypeScript cannot tie a payload of a generic K to the union's member of that kind; the kind's
    // `events` produce exactly that member's payload (their types say so), hence the cast.
    const emit = (payload: JobPayload<K>): void => this.#emit({ type: 'job', jobId: id, kind: events.kind, ...payload } as unknown as AppEvent);
    const controller = new AbortController();
    let last: Progress | undefined;
    const entry: JobEntry = {
      record: { id, kind: events.kind, state: 'running', outDir: job.jobDir ?? job.outDir },
      controller,
      done: Promise.resolve(),
      shutdownStop: events.shutdownStop,
      pausable: () => last === undefined || events.pausable?.(last) !== false,
      paused: false,
      jobDirKnown: job.jobDir !== undefined,
      ...(job.identity !== undefined ? { identity: job.identity } : {}),
    };
    const { status } = events;
    if (status) entry.status = (state, note) => emit(status(state, note));
    const progress = throttle<Progress>((report) => emit(events.progress(report)), {
      intervalMs: this.#interval,
      now: this.#now,
      trailing: events.trailing ?? false,
      ...(events.merge ? { merge: events.merge } : {}),
    });
    const releaseOwner = events.endsWithOwner ? this.#followOwner(job.owner, controller) : () => undefined;

    entry.done = (async () => {
      try {
        const result = await job.run({
          id,
          signal: controller.signal,
          progress: (report) => {
            last = report;
            progress.offer(report);
          },
          attach: (thread) => {
            entry.thread = thread;
            if (entry.paused) thread.pause?.();
          },
          note: (message) => entry.status?.(entry.paused ? 'paused' : 'running', message),
          outDir: (dir) => {
            entry.record.outDir = dir;
            entry.jobDirKnown = true;
          },
        });
        progress.flush();
        entry.record.state = 'finished';
        emit(events.finished(result));
      } catch (error) {
        progress.flush();
        entry.record.state = 'failed';
        const failure = jobFailure(error, events.unexpected);
        if (failure.detail !== undefined) this.#logger.error('job failed unexpectedly', { jobId: id, kind: events.kind, detail: failure.detail });
        emit(events.failed(failure, last));
      } finally {
        releaseOwner();
        this.#forget(id);
      }
    })();
    this.#jobs.set(id, entry);
    return id;
  }

  /**
   * Pauses a running job that can pause (an upload: transfers in flight finish, no new one
   * starts); false when it is not running, already paused, or has nothing left to hold back.
   */
  pause(id: JobId): boolean {
    return this.#setPaused(id, true);
  }

  /** Resumes a paused job; false when it is not a paused, running job. */
  resume(id: JobId): boolean {
    return this.#setPaused(id, false);
  }

  #setPaused(id: JobId, paused: boolean): boolean {
    const entry = this.#entry(id);
    if (!entry) return false;
    if (!entry.status) throw new AppError('CONFLICT', 'Only uploads can be paused.', { field: 'jobId' });
    if (entry.record.state !== 'running' || entry.paused === paused) return false;
    if (paused && !entry.pausable()) return false;
    entry.paused = paused;
    if (paused) entry.thread?.pause?.();
    else entry.thread?.resume?.();
    entry.status(paused ? 'paused' : 'running');
    return true;
  }

  /**
   * Asks a running job to stop; false when it already ended. `cancel` ends it for good (an upload
   * ABORTs its batch); `suspend` keeps what a later run resumes from (an upload's journal).
   */
  cancel(id: JobId, stop: JobStop = 'cancel'): boolean {
    const entry = this.#entry(id);
    if (!entry || entry.record.state !== 'running' || entry.controller.signal.aborted) return false;
    stopJob(entry.controller, stop);
    return true;
  }

  /**
   * Ends a running job's worker at once: the job then fails as a worker that died (logged), and an
   * upload stays resumable from its journal. For a worker that does not answer a stop; tests use it
   * to crash one.
   */
  async terminate(id: JobId): Promise<boolean> {
    const entry = this.#entry(id);
    if (!entry?.thread) return false;
    await entry.thread.terminate();
    return true;
  }

  /** Whether a job with this id runs now (ended and unknown ids: false). */
  has(id: JobId): boolean {
    return this.#jobs.has(id);
  }

  /** A running job's kind and folder; undefined once it has ended (or for an id never issued). */
  running(id: JobId): JobRecord | undefined {
    const entry = this.#jobs.get(id);
    return entry ? { ...entry.record } : undefined;
  }

  /** How many jobs run now, of any kind (paused ones too): what a change of the data folder waits for. */
  count(): number {
    return this.#jobs.size;
  }

  /** The uploads running now, with their job folders where known. */
  runningUploads(): RunningUpload[] {
    return [...this.#jobs.values()]
      .filter((e) => e.record.kind === 'upload' && e.record.state === 'running')
      .map((e) => ({ id: e.record.id, ...(e.jobDirKnown ? { jobDir: e.record.outDir } : {}), ...(e.identity !== undefined ? { identity: e.identity } : {}) }));
  }

  /** Resolves once the job has emitted its last event and left the registry (tests, shutdown). */
  async settled(id: JobId): Promise<void> {
    await this.#jobs.get(id)?.done;
  }

  /** Stops every running job (each as its kind stops at shutdown: uploads suspended) and waits for all of them to end. */
  async cancelAll(): Promise<void> {
    const entries = [...this.#jobs.values()];
    for (const entry of entries) this.cancel(entry.record.id, entry.shutdownStop);
    await Promise.all(entries.map((entry) => entry.done));
  }

  /** The running job, undefined for one that ended; NOT_FOUND for an id never issued. */
  #entry(id: JobId): JobEntry | undefined {
    const entry = this.#jobs.get(id);
    if (!entry && !this.#ended.has(id)) throw unknownJob();
    return entry;
  }

  /** Removes an ended job, keeping only its id (bounded) so late requests about it get a clear answer. */
  #forget(id: JobId): void {
    this.#jobs.delete(id);
    this.#ended.add(id);
    if (this.#ended.size > ENDED_IDS_KEPT) this.#ended.delete(this.#ended.values().next().value as JobId);
  }

  /** Cancels a job when the window or socket that started it goes away; returns the function that stops listening. */
  #followOwner(owner: AbortSignal | undefined, controller: AbortController): () => void {
    const onOwnerGone = (): void => stopJob(controller, 'cancel', 'The window that started the job closed.');
    if (owner?.aborted) onOwnerGone();
    else owner?.addEventListener('abort', onOwnerGone, { once: true });
    return () => owner?.removeEventListener('abort', onOwnerGone);
  }
}
