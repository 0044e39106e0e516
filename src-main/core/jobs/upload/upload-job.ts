import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { makeFolder } from '../../files/make-folder';
import { batchAction } from '../../platform/batch-ingestion';
import type { PlatformClient } from '../../platform/platform-client';
import { planUpload } from './batch-plan';
import { ensureBatch, findByExternalId } from './batch-creator';
import { findBatch, isTerminal, normaliseStatus, pollBatch } from './batch-poller';
import { outcomeOf, saveBatchReport } from './batch-report';
import { confirmLoad } from './confirm-load';
import { acquireJobLock } from './job-lock';
import { LEGACY_LOCK_FILE, LOCK_FILE } from './local-uploads';
import { openJournal, readJournal, type Journal, type JournalRecord } from './journal';
import { foldJournal, runFinished, type GroupState, type RunState } from './journal-state';
import { uploadPart } from './part-uploader';
import { createTransferPool, type TransferPool } from './transfer-pool';
import { resolveUploadInput } from './upload-input';
import { createProgressTracker, type ProgressTracker } from './upload-progress';
import type { BatchOutcome, UploadInput, UploadOptions, UploadResult } from './upload-types';
import { stopOf } from '../job-stop';

/**
 * The upload job: prepared parts (or one XDM file) → batch(es) → COMPLETE → Catalog until
 * terminal → outcome and failed records beside the job.
 *
 * Why it resumes by itself: the job's identity is its input (path and content fingerprint), its
 * dataset and its target, so running the same upload again finds the same job folder and
 * journal. What the journal says was confirmed is not sent again; what it cannot know (a
 * created batch whose answer was lost, chunks whose 200 was never journaled, a COMPLETE that
 * went through) is asked of AEP. A job whose batches already finished is reported, not re-sent.
 */
export interface UploadJob {
  readonly done: Promise<UploadResult>;
  pause(): void;
  resume(): void;
}

export const DEFAULT_CONCURRENCY = 4;
const ABORT_TIMEOUT_MS = 30_000;

export function startUpload(client: PlatformClient, options: UploadOptions): UploadJob {
  let pool: TransferPool | undefined;
  let pausedEarly = false;
  let progress: ProgressTracker | undefined;
  const done = runUpload(client, options, {
    attach(p, t) {
      pool = p;
      progress = t;
      // A pause that came before the run had its pool and tracker (while the input was resolved or
      // the batch about to be created) holds both: the reports must say paused until resume.
      if (pausedEarly) {
        p.pause();
        t.paused(true);
      }
    },
  });
  return {
    done,
    pause() {
      pausedEarly = true;
      pool?.pause();
      progress?.paused(true);
    },
    resume() {
      pausedEarly = false;
      pool?.resume();
      progress?.paused(false);
    },
  };
}

/** The job key: the same input content sent to the same dataset of the same target. */
export function jobKeyOf(input: UploadInput, datasetId: string, targetKey: string): string {
  return createHash('sha256')
    .update(JSON.stringify([input.source, input.fingerprint, datasetId, targetKey]))
    .digest('hex');
}

export function jobDirOf(jobsDir: string, key: string): string {
  return path.join(jobsDir, `upload-${key.slice(0, 20)}`);
}

async function runUpload(client: PlatformClient, options: UploadOptions, hooks: Hooks): Promise<UploadResult> {
  const note = (message: string) => options.onNote?.(message);
  const input = await resolveUploadInput(options.input);
  const key = jobKeyOf(input, options.datasetId, options.targetKey);
  const jobDir = path.resolve(jobDirOf(options.jobsDir, key));
  if (options.expectJobDir !== undefined && path.resolve(options.expectJobDir) !== jobDir) {
    // Same input path, another content (or dataset, or target): resuming would send something else.
    throw new AppError(
      'CONFLICT',
      `${input.source} changed since this upload ran (or goes to another dataset or sandbox): it cannot be resumed. Upload it as a new job instead.`,
      { file: input.source },
    );
  }
  await makeFolder(jobDir);
  const lock = await acquireJobLock(path.join(jobDir, LOCK_FILE));
  options.onJobDir?.(jobDir);
  let result: UploadResult;
  try {
    await rm(path.join(jobDir, LEGACY_LOCK_FILE), { force: true });
    const journalFile = path.join(jobDir, 'journal.jsonl');
    const previous = foldJournal(await readJournal(journalFile));
    const journal = await openJournal(journalFile);
    try {
      result = await send(client, options, { input, key, jobDir, previous, journal }, hooks);
    } finally {
      await journal.close();
    }
    if (result.status !== 'success' || result.timedOut || options.confirm === false) return result;
    // Still under the lock: the job runs until its confirmation is done.
    return {
      ...result,
      ...(await confirmLoad(client, {
        source: input.source,
        datasetId: options.datasetId,
        ...(result.reported ? {} : { completedAt: Date.now() }),
        options: options.confirm ?? {},
        ...(options.signal ? { signal: options.signal } : {}),
        note,
      })),
    };
  } finally {
    await lock.release();
  }
}

type Hooks = { attach(pool: TransferPool, progress: ProgressTracker): void };

interface JobContext {
  input: UploadInput;
  key: string;
  jobDir: string;
  /** The journal's latest run before this one, if any. */
  previous: RunState | undefined;
  journal: Journal;
}

/** Sends the job (a new run, or the interrupted one resumed), or reports its finished batches. */
async function send(client: PlatformClient, options: UploadOptions, job: JobContext, hooks: Hooks): Promise<UploadResult> {
  const note = (message: string) => options.onNote?.(message);
  const { input, key, jobDir, previous, journal } = job;
  // A finished job is reported, never sent twice (unless asked to).
  if (previous && runFinished(previous) && !options.again) {
    note(`This upload already finished (run ${previous.run}); reporting its batch${previous.groups.length > 1 ? 'es' : ''}. Use --again to send a new batch.`);
    return report(client, previous, jobDir, options.signal);
  }

  let state: RunState;
  let resumed = false;
  if (previous && !runFinished(previous)) {
    state = previous;
    resumed = true;
    const done = [...previous.partStates.values()].filter((p) => p.done).length;
    note(
      `Resuming the interrupted upload (run ${previous.run}): ${done} of ${previous.parts.length} part${previous.parts.length === 1 ? '' : 's'} already sent.`,
    );
  } else {
    const plan = planUpload(input.parts, options);
    const record: JournalRecord = {
      t: 'run',
      run: (previous?.run ?? 0) + 1,
      key,
      source: input.source,
      fingerprint: input.fingerprint,
      datasetId: options.datasetId,
      target: options.targetKey,
      format: input.format,
      ...(input.multiLineJson ? { multiLineJson: true } : {}),
      parts: plan.parts,
      groups: plan.groups,
      at: new Date().toISOString(),
    };
    await journal.append(record);
    state = foldJournal([record]) as RunState;
    if (plan.groups > 1) note(`The upload exceeds one batch's limits: it is split into ${plan.groups} batches.`);
  }
  return execute(client, options, state, journal, jobDir, resumed, hooks);
}

async function execute(
  client: PlatformClient,
  options: UploadOptions,
  state: RunState,
  journal: Journal,
  jobDir: string,
  resumed: boolean,
  hooks: Hooks,
): Promise<UploadResult> {
  const note = (message: string) => options.onNote?.(message);
  const progress = createProgressTracker(state.parts, options.onProgress);
  // One controller for the run: the caller's cancel, or the first failure, stops every transfer.
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(new AppError('CANCELLED', 'The upload was cancelled.'));
  if (options.signal?.aborted) onCallerAbort();
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const signal = controller.signal;
  const pool = createTransferPool(options.concurrency ?? DEFAULT_CONCURRENCY, signal);
  hooks.attach(pool, progress);
  const { run } = state;
  const recordsOfGroup = (g: number) => state.parts.filter((p) => p.group === g).reduce((n, p) => n + p.rows, 0);
  const batchIds = () => state.groups.map((g) => g.batchId).filter((id): id is string => id !== undefined);

  try {
    for (let g = 0; g < state.groups.length; g += 1) {
      await reconcile(client, state, g, journal, signal, note);
      let group = state.groups[g] as GroupState;
      if (group.final || group.completed) continue;

      progress.phase('creating');
      const batchId = await ensureBatch(
        {
          client,
          journal,
          run,
          datasetId: state.datasetId,
          format: state.format,
          multiLineJson: state.multiLineJson,
          enableErrorDiagnostics: options.enableErrorDiagnostics ?? true,
          signal,
        },
        state.key,
        g,
        group,
      );
      progress.batchIds(batchIds());

      progress.phase('uploading');
      const parts = state.parts.filter((p) => p.group === g);
      await allOrStop(
        parts.map(
          (part) => () =>
            uploadPart({ client, journal, pool, progress, run, datasetId: state.datasetId, signal }, batchId, part, state.partStates.get(part.name)!),
        ),
        controller,
      );

      progress.phase('completing');
      group = state.groups[g] as GroupState;
      if (!group.completing) {
        await journal.append({ t: 'batch-completing', run, group: g });
        group.completing = true;
      }
      // COMPLETE is idempotent (aep-notes §2.4): sent again after a kill, it changes nothing.
      await batchAction(client, batchId, 'COMPLETE', signal);
      await journal.append({ t: 'batch-completed', run, group: g });
      group.completed = true;
    }

    progress.phase('polling');
    const outcomes: BatchOutcome[] = [];
    let timedOut = false;
    for (let g = 0; g < state.groups.length; g += 1) {
      const group = state.groups[g] as GroupState;
      const batchId = group.batchId as string;
      const polled = await pollBatch(client, batchId, {
        ...(options.pollInitialMs !== undefined ? { initialMs: options.pollInitialMs } : {}),
        ...(options.pollMaxMs !== undefined ? { maxMs: options.pollMaxMs } : {}),
        ...(options.pollTimeoutMs !== undefined ? { timeoutMs: options.pollTimeoutMs } : {}),
        signal,
        onStatus: (s) => progress.batchStatus(s),
      });
      timedOut ||= polled.timedOut;
      const outcome = await saveBatchReport(client, jobDir, polled.batch, group.externalId ?? '', recordsOfGroup(g), { warn: note }, signal);
      if (!polled.timedOut && !group.final) {
        await journal.append({
          t: 'batch-final',
          run,
          group: g,
          status: outcome.status,
          recordsWritten: outcome.recordsWritten,
          recordsFailed: outcome.recordsFailed,
        });
        group.final = { status: outcome.status, recordsWritten: outcome.recordsWritten, recordsFailed: outcome.recordsFailed };
      }
      outcomes.push(outcome);
    }
    progress.phase('done');
    progress.flush();
    const sent = progress.sentThisRun();
    return summarise(outcomes, { reported: false, resumed, jobDir, bytesSentThisRun: sent.bytes, uploadMs: sent.ms, timedOut });
  } catch (error) {
    progress.flush();
    if (options.signal?.aborted) {
      const cancelled = stopOf(options.signal) === 'cancel';
      if (cancelled) await abortLoadingBatches(client, state, journal, note);
      throw new AppError('CANCELLED', cancelled ? 'The upload was cancelled; its batch was aborted.' : 'The upload was stopped; run it again to resume.');
    }
    // A transfer that failed stopped the others through the controller; report the first cause.
    throw controller.signal.aborted && isAppError(controller.signal.reason) ? controller.signal.reason : error;
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * Checks a group's batch against Catalog before relying on it (a resume, or a batch someone
 * else aborted). A batch that can no longer take files resets the group to a new batch.
 */
async function reconcile(client: PlatformClient, state: RunState, g: number, journal: Journal, signal: AbortSignal, note: (m: string) => void): Promise<void> {
  const group = state.groups[g] as GroupState;
  if (group.final) return;
  if (!group.aborted && !group.batchId) return;
  const batch = group.aborted ? undefined : await findBatch(client, group.batchId as string, signal);
  const status = batch ? normaliseStatus(batch.status) : group.aborted ? 'aborted' : 'unknown';
  if (batch && (status === 'loading' || !isTerminal(batch.status) || status === 'success' || status === 'failed')) {
    // Loading: go on uploading. Past loading: COMPLETE went through, only polling is left.
    if (status !== 'loading' && !group.completed) {
      await journal.append({ t: 'batch-completed', run: state.run, group: g });
      group.completing = true;
      group.completed = true;
    }
    return;
  }
  const attempt = group.attempt + 1;
  note(`Batch ${group.batchId ?? '(unknown)'} is ${status}; its files go into a new batch.`);
  await journal.append({ t: 'group-reset', run: state.run, group: g, attempt, reason: status });
  state.groups[g] = { completing: false, completed: false, aborted: false, attempt };
  for (const p of state.parts) if (p.group === g) state.partStates.set(p.name, { initialized: false, done: false, chunks: new Set() });
}

/**
 * Cancel: ABORT the batches still loading (after COMPLETE a batch cannot be aborted, aep-notes §2.4),
 * and journal the cancel of groups that have no batch yet.
 * Why journal those too: without a record, a job cancelled before its batch existed reads as
 * interrupted and is offered for resume although the user stopped it. Both cases are
 * `batch-aborted`, so both are treated alike afterwards: listed `aborted`, and a resume (or the
 * same upload run again) starts the group anew in a new batch (journal-state's group reset).
 */
async function abortLoadingBatches(client: PlatformClient, state: RunState, journal: Journal, note: (m: string) => void): Promise<void> {
  for (let g = 0; g < state.groups.length; g += 1) {
    const group = state.groups[g] as GroupState;
    if (group.completing || group.final || group.aborted) continue;
    if (!group.batchId && group.externalId) {
      // The create may have reached AEP before the cancel cut its answer: abort that batch too.
      try {
        const found = await findByExternalId(client, state.datasetId, group.externalId, AbortSignal.timeout(ABORT_TIMEOUT_MS));
        if (found) {
          await journal.append({ t: 'batch-created', run: state.run, group: g, batchId: found });
          group.batchId = found;
        }
      } catch (error) {
        note(`Whether batch ${group.externalId} was created could not be checked: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (!group.batchId) {
      await journal.append({ t: 'batch-aborted', run: state.run, group: g });
      group.aborted = true;
      continue;
    }
    try {
      await batchAction(client, group.batchId, 'ABORT', AbortSignal.timeout(ABORT_TIMEOUT_MS));
      await journal.append({ t: 'batch-aborted', run: state.run, group: g });
      group.aborted = true;
    } catch (error) {
      note(`Batch ${group.batchId} could not be aborted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Runs tasks together; the first failure aborts the controller so the rest stop early. */
async function allOrStop(tasks: Array<() => Promise<void>>, controller: AbortController): Promise<void> {
  await Promise.all(
    tasks.map((task) =>
      task().catch((error: unknown) => {
        if (!controller.signal.aborted) controller.abort(error);
        throw error;
      }),
    ),
  );
}

/** A finished job: the batches' current state from Catalog (or the journal when Catalog cannot say). */
async function report(client: PlatformClient, state: RunState, jobDir: string, signal?: AbortSignal): Promise<UploadResult> {
  const outcomes: BatchOutcome[] = [];
  for (let g = 0; g < state.groups.length; g += 1) {
    const group = state.groups[g] as GroupState;
    const expected = state.parts.filter((p) => p.group === g).reduce((n, p) => n + p.rows, 0);
    const saved = await readFile(path.join(jobDir, `batch-${group.batchId}.json`), 'utf8').then(
      (t) => JSON.parse(t) as BatchOutcome,
      () => undefined,
    );
    const batch = await findBatch(client, group.batchId as string, signal).catch(() => undefined);
    if (batch) outcomes.push(outcomeOf(batch, group.externalId ?? '', expected, saved?.failedFiles ?? []));
    else if (saved) outcomes.push(saved);
    else
      outcomes.push({
        batchId: group.batchId as string,
        externalId: group.externalId ?? '',
        status: group.final?.status ?? 'unknown',
        recordsExpected: expected,
        recordsWritten: group.final?.recordsWritten ?? 0,
        recordsFailed: group.final?.recordsFailed ?? 0,
        errors: [],
        metrics: {},
        failedFiles: [],
      });
  }
  return summarise(outcomes, { reported: true, resumed: false, jobDir, bytesSentThisRun: 0, uploadMs: 0, timedOut: false });
}

function summarise(
  outcomes: BatchOutcome[],
  rest: Pick<UploadResult, 'reported' | 'resumed' | 'jobDir' | 'bytesSentThisRun' | 'uploadMs' | 'timedOut'>,
): UploadResult {
  const notSuccess = outcomes.find((o) => o.status !== 'success');
  return {
    batchId: outcomes[0]?.batchId ?? '',
    status: notSuccess?.status ?? 'success',
    recordsExpected: outcomes.reduce((n, o) => n + o.recordsExpected, 0),
    recordsWritten: outcomes.reduce((n, o) => n + o.recordsWritten, 0),
    recordsFailed: outcomes.reduce((n, o) => n + o.recordsFailed, 0),
    batches: outcomes,
    ...rest,
  };
}
