import { runPrepareThread } from './prepare-thread';
import type { PrepareThreadHooks } from './prepare-thread';
import type { PrepareOptions, PrepareSummary } from './prepare-types';

export { PREPARE_WORKER_FILES } from './prepare-thread';

export interface PrepareJobHooks extends PrepareThreadHooks {
  columns?: string[];
  /** Threads to split a large CSV/TSV file over (default: the cores, up to 4; 1 = one thread). */
  parallelism?: number;
  /** Smallest share of the file worth a thread (default MIN_SEGMENT_BYTES; smaller in tests). */
  minSegmentBytes?: number;
}

/**
 * Runs the prepare job in a worker thread and resolves with its summary.
 * The worker splits a large CSV or TSV file over more workers (one per core) and merges their
 * outputs (see prepare-job.ts); the caller's thread only relays progress and cancellation.
 */
export async function startPrepareWorker(options: PrepareOptions, hooks: PrepareJobHooks = {}): Promise<PrepareSummary> {
  const job = {
    ...(hooks.parallelism !== undefined ? { parallelism: hooks.parallelism } : {}),
    ...(hooks.minSegmentBytes !== undefined ? { minSegmentBytes: hooks.minSegmentBytes } : {}),
    ...(hooks.maxHeapMb !== undefined ? { maxHeapMb: hooks.maxHeapMb } : {}),
  };
  const result = await runPrepareThread({ options, ...(hooks.columns ? { columns: hooks.columns } : {}), job }, hooks);
  return result.summary;
}
