import { z } from 'zod';
import { AppErrorShape } from '../domain/errors';
import { JobId } from './job-id';
import { StreamProgressShape, StreamReportShape, UploadProgressShape, UploadResultShape } from './requests/jobs';
import { PrepareSummary } from './requests/prepare';
import { ProposeProgressShape, TargetProposalShape } from './requests/targets';

/**
 * The one event family of jobs: `{ type: 'job', jobId, kind, phase, ...payload }`.
 * Why one family: prepare, upload, streaming and a target's proposal share one lifecycle in main (progress, throttled
 * to about ten a second with the last always sent, then exactly one of finished or failed), so
 * the renderer routes every job event by `kind` and reads a payload typed by `kind` and `phase`.
 */

/** Prepare's progress: bytes and rows so far. */
export const PrepareProgressShape = z.object({
  bytesRead: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  rowsRead: z.number().int().nonnegative(),
  rowsWritten: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
});
export type PrepareProgressShape = z.infer<typeof PrepareProgressShape>;

/**
 * Why a job failed. `error.message` is for people; for a failure nobody planned for (a bug, a
 * worker that died) it says so in words and `detail` holds the raw message, shown behind a
 * "Details" disclosure (and written to the log with the job id).
 */
const failure = { error: AppErrorShape, detail: z.string().optional() };

const jobEvent = <K extends string>(kind: K) => ({ type: z.literal('job'), jobId: JobId, kind: z.literal(kind) });

export const PrepareJobEvent = z.discriminatedUnion('phase', [
  z.object({ ...jobEvent('prepare'), phase: z.literal('progress'), progress: PrepareProgressShape }),
  /** Ended with a summary (completed, or cancelled with partial outputs); `outDir` holds parts, rejects and summary.json. */
  z.object({ ...jobEvent('prepare'), phase: z.literal('finished'), summary: PrepareSummary, outDir: z.string() }),
  z.object({ ...jobEvent('prepare'), phase: z.literal('failed'), ...failure }),
]);

export const UploadJobEvent = z.discriminatedUnion('phase', [
  z.object({ ...jobEvent('upload'), phase: z.literal('progress'), progress: UploadProgressShape }),
  /** A change that is not progress: paused, resumed, or a note (resuming, split, reported). */
  z.object({ ...jobEvent('upload'), phase: z.literal('status'), state: z.enum(['running', 'paused']), note: z.string().optional() }),
  /** Ended with its batches' outcome (a failed batch is an outcome too: see `result.status`). */
  z.object({ ...jobEvent('upload'), phase: z.literal('finished'), result: UploadResultShape }),
  /** Could not finish: cancelled (its batch aborted), stopped for shutdown (resumable), or an error. */
  z.object({ ...jobEvent('upload'), phase: z.literal('failed'), ...failure }),
]);

export const StreamJobEvent = z.discriminatedUnion('phase', [
  z.object({ ...jobEvent('stream'), phase: z.literal('progress'), progress: StreamProgressShape }),
  z.object({ ...jobEvent('stream'), phase: z.literal('finished'), report: StreamReportShape }),
  /** `sent` records had already been sent and stay sent (streamed records cannot be taken back). */
  z.object({ ...jobEvent('stream'), phase: z.literal('failed'), ...failure, sent: z.number().int().nonnegative() }),
]);

/** A target proposed from the whole file (targets.propose): the file read so far, then the proposal. */
export const ProposeJobEvent = z.discriminatedUnion('phase', [
  z.object({ ...jobEvent('propose'), phase: z.literal('progress'), progress: ProposeProgressShape }),
  z.object({ ...jobEvent('propose'), phase: z.literal('finished'), proposal: TargetProposalShape }),
  z.object({ ...jobEvent('propose'), phase: z.literal('failed'), ...failure }),
]);

export const JobEvent = z.discriminatedUnion('kind', [PrepareJobEvent, UploadJobEvent, StreamJobEvent, ProposeJobEvent]);
export type JobEvent = z.infer<typeof JobEvent>;
export type PrepareJobEvent = z.infer<typeof PrepareJobEvent>;
export type UploadJobEvent = z.infer<typeof UploadJobEvent>;
export type StreamJobEvent = z.infer<typeof StreamJobEvent>;
export type ProposeJobEvent = z.infer<typeof ProposeJobEvent>;

/** The events of one kind of job. */
export type JobEventOf<K extends JobEvent['kind']> = Extract<JobEvent, { kind: K }>;
/** What a job event carries besides `type`, `jobId` and `kind`: its phase and payload. */
export type JobPayload<K extends JobEvent['kind']> =
  JobEventOf<K> extends infer E ? (E extends JobEventOf<K> ? Omit<E, 'type' | 'jobId' | 'kind'> : never) : never;
