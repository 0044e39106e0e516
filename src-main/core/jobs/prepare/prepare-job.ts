import type { RangeEnd } from '../../sources/index';
import { prepareInParallel } from './parallel-prepare';
import type { SegmentRunner } from './parallel-prepare';
import { runPrepareThread } from './prepare-thread';
import type { PrepareOptions, PrepareProgress, PrepareSummary } from './prepare-types';
import { runPrepare } from './run-prepare';
import { planSegments } from './segment-plan';

export interface PrepareJobOptions {
  signal?: AbortSignal;
  onProgress?: (progress: PrepareProgress) => void;
  columns?: string[];
  /** Threads to split a large CSV/TSV file over (default: the cores, up to 4; 1 = this thread only). */
  parallelism?: number;
  /** Smallest share of the file worth a thread (default MIN_SEGMENT_BYTES; smaller in tests). */
  minSegmentBytes?: number;
  /** Old-generation heap cap of each extra thread in MiB (default: none). */
  maxHeapMb?: number;
}

/**
 * The whole prepare job, run in the thread that calls it (the prepare worker).
 * A large CSV or TSV file is split: this thread prepares the first segment itself and starts a
 * worker for each other one, then merges; anything else is prepared here in one pass. Either
 * way the outputs and the summary are those of one sequential pass.
 * Why here and not in the caller: planning reads the file and merging rewrites the rejects,
 * work that must stay off the Electron main thread like the rest of the job.
 */
export async function runPrepareJob(options: PrepareOptions, job: PrepareJobOptions = {}): Promise<PrepareSummary> {
  const hooks = {
    ...(job.signal ? { signal: job.signal } : {}),
    ...(job.onProgress ? { onProgress: job.onProgress } : {}),
    ...(job.columns ? { columns: job.columns } : {}),
  };
  const plan = await planSegments(options, job);
  if (!plan) return runPrepare(options, hooks);
  const runSegment: SegmentRunner = async (data, segmentHooks) => {
    if (data.range?.start !== 0) return runPrepareThread(data, { ...segmentHooks, ...(job.maxHeapMb !== undefined ? { maxHeapMb: job.maxHeapMb } : {}) });
    let rangeEnd: RangeEnd | undefined;
    const summary = await runPrepare(data.options, {
      ...(segmentHooks.signal ? { signal: segmentHooks.signal } : {}),
      ...(segmentHooks.onProgress ? { onProgress: segmentHooks.onProgress } : {}),
      ...(data.columns ? { columns: data.columns } : {}),
      range: data.range,
      onRangeEnd: (end) => (rangeEnd = end),
    });
    return { summary, ...(rangeEnd ? { rangeEnd } : {}) };
  };
  return prepareInParallel(options, plan, hooks, runSegment);
}
