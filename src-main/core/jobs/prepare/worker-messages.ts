import type { TextRange } from '../../sources/text-stream';
import type { PrepareOptions, PrepareProgress } from './prepare-types';

/**
 * Messages between the prepare worker thread and its owner.
 * Why typed in one place: both ends are separate bundles (dist/workers and the entry that
 * spawns it); one definition keeps them speaking the same protocol.
 */
export interface PrepareWorkerData {
  options: PrepareOptions;
  columns?: string[];
  /** One byte range of a CSV/TSV file, when the job is split over threads. */
  range?: TextRange;
  /** For a whole job: how it may split itself. */
  job?: { parallelism?: number; minSegmentBytes?: number; maxHeapMb?: number };
}

/** The prepare job's own message, beside the shared ones (started, done, error; stop). */
export type FromWorker = { type: 'progress'; progress: PrepareProgress };
