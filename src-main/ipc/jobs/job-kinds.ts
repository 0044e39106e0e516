import type { PrepareProgressShape } from '../../../src-shared/ipc/job-events';
import {
  stillSending,
  type StreamProgressShape,
  type StreamReportShape,
  type UploadProgressShape,
  type UploadResultShape,
} from '../../../src-shared/ipc/requests/jobs';
import type { PrepareSummary } from '../../../src-shared/ipc/requests/prepare';
import type { ProposeProgressShape } from '../../../src-shared/ipc/requests/targets';
import type { TargetProposal } from '../../core/targets/index';
import type { JobKindEvents } from './job-registry';

/**
 * The kinds of job as the registry runs them: how each one's reports become its events.
 * Why here, side by side: the lifecycle is the registry's; what differs between kinds is small
 * and is best read together.
 */

/** A prepare job's outcome: its summary and the folder holding parts, rejects and summary.json. */
export interface PreparedOutput {
  summary: PrepareSummary;
  outDir: string;
}

/** Prepare: no journal, so it ends with the window that started it. */
export const prepareJob: JobKindEvents<'prepare', PrepareProgressShape, PreparedOutput> = {
  kind: 'prepare',
  unexpected:
    'The preparation stopped because of an unexpected problem in the app. Prepare the file again; if it happens again, the details below help to report it.',
  progress: (progress) => ({ phase: 'progress', progress }),
  finished: ({ summary, outDir }) => ({ phase: 'finished', summary, outDir }),
  failed: (failure) => ({ phase: 'failed', ...failure }),
  endsWithOwner: true,
  shutdownStop: 'cancel',
};

/** Upload: pauses, takes notes, outlives its window (its journal resumes it), and is suspended at shutdown. */
export const uploadJob: JobKindEvents<'upload', UploadProgressShape, UploadResultShape> = {
  kind: 'upload',
  unexpected: 'The upload stopped because of an unexpected problem in the app. Its journal is kept: resume it from the Jobs screen.',
  progress: (progress) => ({ phase: 'progress', progress: { ...progress, batchIds: [...progress.batchIds] } }),
  status: (state, note) => ({ phase: 'status', state, ...(note !== undefined ? { note } : {}) }),
  pausable: stillSending,
  finished: (result) => ({ phase: 'finished', result }),
  failed: (failure) => ({ phase: 'failed', ...failure }),
  trailing: true,
  endsWithOwner: false,
  shutdownStop: 'suspend',
};

/**
 * Streaming: each report carries the results new since the previous one, so a report the throttle
 * holds back is merged into the next (a report may be skipped, a result never is). A stream keeps
 * no journal, so it ends with its window; its failure says how many records had been sent.
 */
export const streamJob: JobKindEvents<'stream', StreamProgressShape, StreamReportShape> = {
  kind: 'stream',
  unexpected: 'Streaming stopped because of an unexpected problem in the app. Records already sent stay sent.',
  progress: (progress) => ({ phase: 'progress', progress }),
  merge: (held, next) => ({ ...next, results: [...held.results, ...next.results] }),
  finished: (report) => ({ phase: 'finished', report }),
  failed: (failure, last) => ({ phase: 'failed', ...failure, sent: last?.sent ?? 0 }),
  trailing: true,
  endsWithOwner: true,
  shutdownStop: 'cancel',
};

/** A target's proposal: reads the whole file in the file worker, ends with its window (nothing to resume; it creates nothing). */
export const proposeJob: JobKindEvents<'propose', ProposeProgressShape, TargetProposal> = {
  kind: 'propose',
  unexpected:
    'Reading the file for a new target stopped because of an unexpected problem in the app. Try again; if it happens again, the details below help to report it.',
  progress: (progress) => ({ phase: 'progress', progress }),
  finished: (proposal) => ({ phase: 'finished', proposal }),
  failed: (failure) => ({ phase: 'failed', ...failure }),
  endsWithOwner: true,
  shutdownStop: 'cancel',
};
