import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { AppEvent } from '../../../src-shared/ipc/contract';
import type { JobId, PrepareSummary } from '../../../src-shared/ipc/requests/prepare';
import { throttleProgress } from '../../core/jobs/progress-throttle';

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
  kind: 'prepare';
  state: JobState;
  outDir: string;
  summary?: PrepareSummary;
  error?: AppErrorShape;
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
  readonly #jobs = new Map<JobId, { record: JobRecord; controller: AbortController; done: Promise<void> }>();
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
    const onOwnerGone = (): void => controller.abort(new AppError('CANCELLED', 'The window that started the job closed.'));
    if (job.owner?.aborted) onOwnerGone();
    else job.owner?.addEventListener('abort', onOwnerGone, { once: true });

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
        record.error = isAppError(error)
          ? error.toShape()
          : { code: 'INTERNAL', message: `The job failed: ${error instanceof Error ? error.message : String(error)}` };
        this.#emit({ type: 'job.failed', jobId: id, kind: job.kind, error: record.error });
      } finally {
        job.owner?.removeEventListener('abort', onOwnerGone);
      }
    })();
    this.#jobs.set(id, { record, controller, done });
    return id;
  }

  /** Asks a running job to stop; false when it is unknown or already over. */
  cancel(id: JobId): boolean {
    const entry = this.#jobs.get(id);
    if (!entry || entry.record.state !== 'running') return false;
    entry.controller.abort(new AppError('CANCELLED', 'Cancelled by the user.'));
    return true;
  }

  /** A job's record; throws NOT_FOUND for an id this registry never issued. */
  get(id: JobId): JobRecord {
    const entry = this.#jobs.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'This job is unknown (it may belong to an earlier run of the app).', { field: 'jobId' });
    return { ...entry.record };
  }

  /** Resolves once the job has emitted its last event (tests, shutdown). */
  async settled(id: JobId): Promise<void> {
    await this.#jobs.get(id)?.done;
  }

  /** Cancels every running job and waits for all of them to end (shutdown). */
  async cancelAll(): Promise<void> {
    for (const id of this.#jobs.keys()) this.cancel(id);
    await Promise.all([...this.#jobs.values()].map((entry) => entry.done));
  }
}
