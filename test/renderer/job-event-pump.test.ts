import { describe, expect, it } from 'vitest';
import type { JobEvent, StreamJobEvent, UploadJobEvent } from '../../src-shared/ipc/job-events';
import { coalesceJobEvents, createJobEventPump } from '../../src-renderer/state/job-event-pump';

const prepare = (jobId: string, rowsRead: number): JobEvent => ({
  type: 'job',
  kind: 'prepare',
  phase: 'progress',
  jobId,
  progress: { bytesRead: rowsRead * 10, bytesTotal: 1000, rowsRead, rowsWritten: rowsRead, rowsRejected: 0 },
});
const uploadStatus = (jobId: string): UploadJobEvent => ({ type: 'job', kind: 'upload', phase: 'status', jobId, state: 'paused' });
const stream = (jobId: string, sent: number, indexes: number[]): StreamJobEvent => ({
  type: 'job',
  kind: 'stream',
  phase: 'progress',
  jobId,
  progress: { sent, total: 10, accepted: sent, received: 0, rejected: 0, results: indexes.map((index) => ({ index, status: 'accepted' as const })) },
});

/** A scheduler the test runs by hand: each call is one requested frame. */
function manualFrames() {
  const frames: Array<() => void> = [];
  return { schedule: (flush: () => void) => void frames.push(flush), frames };
}

describe('job events, coalesced per frame', () => {
  it('keeps each job’s latest progress and every status or outcome, in order per job', () => {
    const events = [prepare('j_a', 1), prepare('j_b', 5), prepare('j_a', 2), uploadStatus('j_a'), prepare('j_a', 3), prepare('j_a', 4)];
    expect(coalesceJobEvents(events)).toEqual([prepare('j_a', 2), prepare('j_b', 5), uploadStatus('j_a'), prepare('j_a', 4)]);
  });

  it('keeps the results of every streaming report it folds, since each holds only the new ones', () => {
    const [folded] = coalesceJobEvents([stream('j_s', 2, [0, 1]), stream('j_s', 3, [2]), stream('j_s', 5, [3, 4])]);
    expect(folded).toMatchObject({ progress: { sent: 5 } });
    expect(folded?.kind === 'stream' && folded.phase === 'progress' ? folded.progress.results.map((r) => r.index) : null).toEqual([0, 1, 2, 3, 4]);
  });

  it('delivers once per frame, asking for one frame however many events arrive', () => {
    const { schedule, frames } = manualFrames();
    const delivered: JobEvent[][] = [];
    const pump = createJobEventPump((events) => delivered.push(events), schedule);
    for (let rows = 1; rows <= 5; rows++) pump.push(prepare('j_a', rows));
    expect(frames).toHaveLength(1);
    expect(delivered).toEqual([]);
    frames.shift()?.();
    expect(delivered).toEqual([[prepare('j_a', 5)]]);
    pump.push(prepare('j_a', 6));
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(delivered).toHaveLength(2);
  });

  it('delivers at once where there are no frames (Node, the stores’ tests)', () => {
    const delivered: JobEvent[][] = [];
    const pump = createJobEventPump((events) => delivered.push(events));
    pump.push(prepare('j_a', 1));
    expect(delivered).toEqual([[prepare('j_a', 1)]]);
  });
});
