import path from 'node:path';
import { AppError, type AppErrorShape } from '../../../src-shared/domain/errors';
import type { IngestSource } from '../../../src-shared/ipc/requests/upload-shapes';
import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import type { ConnectionView } from '../../../src-shared/platform/connection';
import type { LocalStream } from '../jobs/stream/index';
import { isLocalTargetKey, LOCK_FILE, lockHolder, targetKeyOf, type LocalUpload } from '../jobs/upload/index';

/**
 * An upload this process runs as an app job, as the listing needs it.
 * Why a shape of its own: the job registry lives with the IPC handlers, which core never imports;
 * whoever runs app jobs hands their running uploads in.
 */
export interface RunningUpload {
  id: string;
  /** Undefined while the job is still resolving its input (it holds no journal yet). */
  jobDir?: string;
}

/** The refusal of an upload that is already running as app job `jobId` (`jobs.upload`, `uploads.resume`). */
export function uploadRunningError(jobId: string, where?: AppErrorShape['where']): AppError {
  return new AppError('CONFLICT', `This upload is already running (job ${jobId}).`, where);
}

/**
 * Local upload journals as `uploads.list` shows them: state, the app job running one, the connection.
 * Why the state needs more than the journal: a run without a final outcome is either running
 * (an app job owns it, or a live process holds its lock: `xdm-loader upload`) or interrupted
 * (a crash, a kill, a closed app) and waiting for a resume.
 */
export type LocalUploadState = LocalUploadShape['state'];

export async function uploadState(upload: LocalUpload, running: readonly RunningUpload[]): Promise<{ state: LocalUploadState; jobId?: string }> {
  const owner = running.find((r) => r.jobDir !== undefined && path.resolve(r.jobDir) === path.resolve(upload.jobDir));
  if (owner) return { state: 'running', jobId: owner.id };
  if (upload.outcome === 'succeeded' || upload.outcome === 'failed') return { state: upload.outcome };
  const holder = await lockHolder(path.join(upload.jobDir, LOCK_FILE));
  // Another live process (the CLI) holds it; this process holds it only through an upload that is
  // still resolving its input (its folder not reported yet), else the lock is a leftover.
  if (holder !== undefined && (holder !== process.pid || running.some((r) => r.jobDir === undefined))) return { state: 'running' };
  return { state: upload.outcome === 'aborted' ? 'aborted' : 'interrupted' };
}

/** A prepare job's folder: `<ISO time with - for : and .>-<file name>` (ipc/handlers/prepare.ts names it). */
const PREPARED_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-(.+)$/;

/**
 * What an upload's input is called on screen: the file's name, or for a prepared folder the name
 * of the file it was prepared from (its folder name starts with the time, which says nothing).
 */
export function uploadLabel(input: string): string {
  const name = path.basename(input);
  const prepared = PREPARED_FOLDER.exec(name);
  return prepared?.[1] ? `${prepared[1]} (prepared)` : name;
}

/**
 * What a journal's input can be sent to `jobs.confirm` as.
 * Why only a sibling of the job folder: the confirm request takes only the app's own prepared
 * folders (they sit beside the upload jobs in its jobs folder); a file uploaded as is cannot be
 * named again from a screen.
 */
function confirmSourceOf(upload: Pick<LocalUpload, 'jobDir' | 'input'>): IngestSource | null {
  const parent = path.dirname(upload.jobDir);
  return parent !== '.' && path.dirname(upload.input) === parent ? { kind: 'folder', path: upload.input } : null;
}

/** The saved connection the journal's target key belongs to, if one does. */
export function connectionOf(target: string | undefined, connections: readonly ConnectionView[]): string | undefined {
  if (target === undefined) return undefined;
  const match = connections.find(({ connection: c }) =>
    c.kind === 'local'
      ? isLocalTargetKey(target)
      : targetKeyOf({ connectionId: c.id, platformUrl: c.platformUrl, orgId: c.orgId, sandboxName: c.sandboxName }) === target,
  );
  return match?.connection.id;
}

/** What a batch upload and a streaming run are listed with alike: where, what, when, and the connection. */
function listedAlike(run: Pick<LocalUpload, 'jobDir' | 'input' | 'format' | 'datasetId' | 'startedAt' | 'target'>, connections: readonly ConnectionView[]) {
  const connectionId = connectionOf(run.target, connections);
  return {
    jobDir: run.jobDir,
    input: run.input,
    label: uploadLabel(run.input),
    format: run.format,
    confirmSource: confirmSourceOf(run),
    datasetId: run.datasetId,
    startedAt: run.startedAt,
    ...(connectionId !== undefined ? { connectionId } : {}),
  };
}

/**
 * A batch upload's job folder as `uploads.list` rows: one per run, newest first, each with the
 * batches that run sent. Only the latest run can be running or interrupted; an earlier one that
 * never finished was given up when the next started (a cancelled run is resumed, not replaced).
 */
export async function describeUpload(
  upload: LocalUpload,
  running: readonly RunningUpload[],
  connections: readonly ConnectionView[],
): Promise<LocalUploadShape[]> {
  const { state, jobId } = await uploadState(upload, running);
  const latest = upload.runs.at(-1)?.run;
  return upload.runs
    .map((run): LocalUploadShape => {
      const isLatest = run.run === latest;
      return {
        mode: 'batch',
        ...listedAlike({ ...upload, input: run.input, startedAt: run.startedAt }, connections),
        run: run.run,
        state: isLatest ? state : run.outcome === 'succeeded' || run.outcome === 'failed' ? run.outcome : 'aborted',
        recordsExpected: run.recordsExpected,
        ...(isLatest && jobId !== undefined ? { jobId } : {}),
        batches: run.batches.map((b) => ({
          batchId: b.batchId,
          status: b.status,
          recordsExpected: b.recordsExpected,
          ...(b.recordsWritten !== undefined ? { recordsWritten: b.recordsWritten } : {}),
          ...(b.recordsFailed !== undefined ? { recordsFailed: b.recordsFailed } : {}),
        })),
      };
    })
    .reverse();
}

/**
 * A streaming run's state in the listing's words. A finished run that got records in is
 * `succeeded` even with some rejected (as a batch with failed records is `success`: its counts
 * say the rest); it `failed` when nothing was taken, or when an error ended it. A cancel is `aborted`.
 * The words a steward reads are src-shared/domain/stream-run-words.ts's.
 */
function streamState(run: LocalStream): LocalUploadState {
  switch (run.outcome) {
    case 'finished':
      return run.rejected > 0 && run.accepted + run.received === 0 ? 'failed' : 'succeeded';
    case 'cancelled':
      return 'aborted';
    default:
      return run.outcome;
  }
}

/** A streaming run as `uploads.list` shows it, beside the batch uploads. */
export function describeStream(run: LocalStream, connections: readonly ConnectionView[]): LocalUploadShape {
  return {
    mode: 'stream',
    ...listedAlike(run, connections),
    state: streamState(run),
    recordsExpected: run.total ?? 0,
    stream: {
      validation: run.validation,
      accepted: run.accepted,
      received: run.received,
      rejected: run.rejected,
      unanswered: run.unanswered,
      ...(run.message !== undefined ? { message: run.message } : {}),
    },
    batches: [],
  };
}
