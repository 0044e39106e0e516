import { prepareInParallel } from './parallel-prepare';
import { runPrepareThread } from './prepare-thread';
import type { PrepareThreadHooks } from './prepare-thread';
import type { PrepareOptions, PrepareSummary } from './prepare-types';
import { planSegments } from './segment-plan';

export { prepareWorkerLocation } from './prepare-thread';

export interface PrepareJobHooks extends PrepareThreadHooks {
  columns?: string[];
  /** Threads to split a large CSV/TSV file over (default: the cores, up to 4; 1 = one thread). */
  parallelism?: number;
  /** Smallest share of the file worth a thread (default MIN_SEGMENT_BYTES; smaller in tests). */
  minSegmentBytes?: number;
}

/**
 * Runs the prepare job off the calling thread and resolves with its summary.
 * A large CSV or TSV file is split over several worker threads (one per core), anything else
 * runs in one; either way the outputs and the summary are those of one sequential pass.
 */
export async function startPrepareWorker(options: PrepareOptions, hooks: PrepareJobHooks = {}): Promise<PrepareSummary> {
  const plan = await planSegments(options, hooks);
  if (plan) return prepareInParallel(options, plan, hooks);
  const result = await runPrepareThread({ options, ...(hooks.columns ? { columns: hooks.columns } : {}) }, hooks);
  return result.summary;
}
