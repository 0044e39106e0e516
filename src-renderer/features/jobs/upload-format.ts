import type { ConfirmReportShape, UploadResultShape } from '../../../src-shared/ipc/requests/jobs';
import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import type { UploadJobView, UploadPhase } from '../../state/uploads-slice';
import { streamRunStatus } from '../../../src-shared/domain/stream-run-words';
import { formatCount } from '../prepare/format';

/**
 * The words the Jobs screen uses for an upload's state, speed and outcome.
 * Why a module of pure functions: what a steward reads ("Waiting for AEP to process the batch",
 * "about 2 min left") is a product decision, tested once here instead of spelled in components.
 */

export type Tone = 'positive' | 'negative' | 'notice' | 'info' | 'neutral';

export interface StatusWords {
  label: string;
  tone: Tone;
}

const phaseWords: Record<UploadPhase, string> = {
  planning: 'Planning the batches',
  creating: 'Creating the batch',
  uploading: 'Uploading',
  completing: 'Completing the batch',
  polling: 'Waiting for AEP to process the batch',
  done: 'Done',
};

export function describePhase(phase: UploadPhase): string {
  return phaseWords[phase];
}

/** Catalog's batch statuses (normalised by main: `active` is `success`) in plain words. */
const batchWords: Record<string, StatusWords> = {
  success: { label: 'Succeeded', tone: 'positive' },
  failed: { label: 'Failed', tone: 'negative' },
  aborted: { label: 'Aborted', tone: 'notice' },
  abandoned: { label: 'Abandoned', tone: 'notice' },
  loading: { label: 'Receiving files', tone: 'info' },
  loaded: { label: 'Files received', tone: 'info' },
  queued: { label: 'Queued', tone: 'info' },
  processing: { label: 'Processing', tone: 'info' },
  staged: { label: 'Staged', tone: 'info' },
  retrying: { label: 'Retrying', tone: 'notice' },
  stalled: { label: 'Stalled', tone: 'notice' },
  unknown: { label: 'Unknown', tone: 'neutral' },
};

export function describeBatchStatus(status: string): StatusWords {
  return batchWords[status] ?? { label: status.charAt(0).toUpperCase() + status.slice(1), tone: 'neutral' };
}

/** One word and a tone for an upload of this session. */
export function describeUpload(job: Pick<UploadJobView, 'status' | 'progress' | 'result' | 'error'>): StatusWords {
  switch (job.status) {
    case 'starting':
      return { label: 'Starting', tone: 'info' };
    case 'paused':
      return { label: 'Paused', tone: 'notice' };
    case 'cancelling':
      return { label: 'Cancelling', tone: 'notice' };
    case 'running':
      return { label: job.progress ? describePhase(job.progress.phase) : 'Running', tone: 'info' };
    case 'failed':
      return job.error?.code === 'CANCELLED' ? { label: 'Cancelled', tone: 'notice' } : { label: 'Failed', tone: 'negative' };
    case 'finished': {
      const status = job.result?.status ?? 'unknown';
      if (job.result?.timedOut) return { label: 'Still processing at AEP', tone: 'notice' };
      return describeBatchStatus(status);
    }
  }
}

const historyWords: Record<LocalUploadShape['state'], StatusWords> = {
  running: { label: 'Running', tone: 'info' },
  interrupted: { label: 'Interrupted', tone: 'notice' },
  succeeded: { label: 'Succeeded', tone: 'positive' },
  failed: { label: 'Failed', tone: 'negative' },
  aborted: { label: 'Cancelled', tone: 'neutral' },
};

export function describeHistoryState(state: LocalUploadShape['state']): StatusWords {
  return historyWords[state];
}

/**
 * How a History row's records went, beside its file's name: "JSON, batch upload", "Parquet,
 * streamed (validated one by one)". Why both: the same file is often prepared as JSON and as
 * Parquet, and sent by batch one day and streamed the next; the name alone says neither.
 */
export function describeSentAs(upload: Pick<LocalUploadShape, 'mode' | 'format' | 'stream'>): string {
  const format = upload.format === 'parquet' ? 'Parquet' : 'JSON';
  if (upload.mode === 'batch') return `${format}, batch upload`;
  return `${format}, streamed${upload.stream?.validation === 'async' ? ' (validated later)' : ' (validated one by one)'}`;
}

/**
 * A History row's state: a batch upload's in the upload words above, a streaming run's in its own
 * ("Sent, 1 rejected", "Cancelled after 3 sent": stream-run-words.ts, which `xdm-loader uploads` prints too).
 */
export function describeHistoryRow(upload: Pick<LocalUploadShape, 'state' | 'stream'>): StatusWords {
  return upload.stream ? streamRunStatus({ state: upload.state, ...upload.stream }) : describeHistoryState(upload.state);
}

/** Transfer speed: "12.3 MB/s", "0.45 MB/s"; an em dash before a speed is known. */
export function formatSpeed(mbPerSecond: number): string {
  if (mbPerSecond <= 0) return '—';
  return `${mbPerSecond >= 10 ? mbPerSecond.toFixed(0) : mbPerSecond >= 1 ? mbPerSecond.toFixed(1) : mbPerSecond.toFixed(2)} MB/s`;
}

/** Time left as people say it: "less than a minute", "about 3 min", "about 1 h 20 min". */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 1) return 'a moment';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/** A percentage for a progress bar, 0 when the total is unknown. */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, (done / total) * 100) : 0;
}

/** The headline of a confirmation report. */
export function describeConfirmation(report: ConfirmReportShape): StatusWords & { detail: string } {
  const sampled = report.identities.length;
  switch (report.status) {
    case 'confirmed':
      return { label: 'Found in Profile', tone: 'positive', detail: `All ${sampled} sampled identities have a profile.` };
    case 'partial':
      return {
        label: 'Partly found in Profile',
        tone: 'notice',
        detail: `${report.found} of ${sampled} sampled identities have a profile; the others are explained below.`,
      };
    case 'missing':
      return { label: 'Not found in Profile', tone: 'negative', detail: `None of the ${sampled} sampled identities has a profile yet; the reasons are below.` };
    case 'forbidden':
      return { label: 'Profile could not be asked', tone: 'negative', detail: report.forbidden ?? 'Profile Access refused the lookups (403).' };
    case 'nothing-to-check':
      return { label: 'Nothing to look up', tone: 'neutral', detail: 'The records carry no identity to look up in Profile.' };
  }
}

const CONFIRMATION_FAILED_PREFIX = 'Confirmation in Profile could not be made: ';

/**
 * Why main could not confirm the load, in words a steward reads: the load stands, only the
 * Profile look-up failed, and it can be tried again. Main's message repeats the headline, so its
 * prefix is dropped.
 */
export function describeConfirmationError(message: string): StatusWords & { detail: string } {
  const cause = message.startsWith(CONFIRMATION_FAILED_PREFIX) ? message.slice(CONFIRMATION_FAILED_PREFIX.length) : message;
  const sentence = /[.!?]$/.test(cause.trim()) ? cause.trim() : `${cause.trim()}.`;
  return {
    label: 'Profile could not be checked',
    tone: 'notice',
    detail: `The upload succeeded: the records are in the dataset. Looking the sampled identities up in Profile failed: ${sentence} Check again in a moment.`,
  };
}

/** A time of the history list: "14:05" today, "12 Mar, 14:05" before. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(at.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}) })}, ${time}`;
}

/** AEP's batch errors as sentences: its description, then how many records, then its code. */
export function errorSentence(error: UploadResultShape['batches'][number]['errors'][number]): string {
  const what = error.description?.trim() || 'AEP gave no description';
  const count = error.recordCount !== undefined ? ` (${formatCount(error.recordCount)} record${error.recordCount === 1 ? '' : 's'})` : '';
  return `${what}${count}${error.code ? ` [${error.code}]` : ''}`;
}
