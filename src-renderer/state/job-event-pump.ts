import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';

/** Runs `flush` at the next frame; where there are no frames (Node tests) at once. */
export type FrameScheduler = (flush: () => void) => void;

export const nextAnimationFrame: FrameScheduler = (flush) => {
  const raf = globalThis.requestAnimationFrame;
  if (typeof raf === 'function') raf(flush);
  else flush();
};

/**
 * The events of one frame, with each job's run of progress reports folded into its latest.
 * Why a streaming report keeps the results of the ones it replaces: each report holds only the
 * records answered since the previous one. Order is kept per job: a progress report never moves
 * past its job's status or outcome.
 */
export function coalesceJobEvents(events: readonly JobEvent[]): JobEvent[] {
  const out: JobEvent[] = [];
  /** Where each job's last event sits in `out`. */
  const lastOf = new Map<JobId, number>();
  for (const event of events) {
    const at = lastOf.get(event.jobId);
    const previous = at !== undefined ? out[at] : undefined;
    if (event.phase === 'progress' && previous?.phase === 'progress' && at !== undefined) {
      out[at] =
        previous.kind === 'stream' && event.kind === 'stream'
          ? { ...event, progress: { ...event.progress, results: [...previous.progress.results, ...event.progress.results] } }
          : event;
      continue;
    }
    lastOf.set(event.jobId, out.length);
    out.push(event);
  }
  return out;
}

export interface JobEventPump {
  /** Takes one event from main; it is delivered with the others of its frame. */
  push(event: JobEvent): void;
}

/**
 * The one way job events enter the store: gathered, coalesced, and delivered once per frame.
 * Why: main sends about ten progress events a second per job, several jobs can run at once, and
 * nothing is gained by rendering more often than the screen refreshes.
 */
export function createJobEventPump(deliver: (events: JobEvent[]) => void, schedule: FrameScheduler = nextAnimationFrame): JobEventPump {
  let pending: JobEvent[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    const events = coalesceJobEvents(pending);
    pending = [];
    if (events.length > 0) deliver(events);
  };
  return {
    push(event) {
      pending.push(event);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
  };
}
