import type { AppErrorShape } from '../../../../src-shared/domain/errors';
import type { PrepareOptions, PrepareProgress, PrepareSummary } from './prepare-types';

/**
 * Messages between the prepare worker thread and its owner.
 * Why typed in one place: both ends are separate bundles (dist/workers and the entry that
 * spawns it); one definition keeps them speaking the same protocol.
 */
export interface PrepareWorkerData {
  options: PrepareOptions;
  columns?: string[];
}

export type ToWorker = { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: PrepareProgress }
  | { type: 'done'; summary: PrepareSummary }
  | { type: 'error'; error: AppErrorShape };
