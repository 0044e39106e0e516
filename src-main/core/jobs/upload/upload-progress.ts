import { throttleProgress } from '../progress-throttle';
import type { PlannedPart } from './batch-plan';
import { chunkRanges } from './batch-plan';
import type { UploadPhase, UploadProgress } from './upload-types';

/**
 * Counts what AEP confirmed and reports it, throttled.
 * Why confirmed bytes only: a chunk in flight may still fail and be sent again; bars that only
 * grow on confirmation never go backwards. MB/s counts this run's bytes, so a resume that skips
 * most of a file does not boast a speed it never had.
 */
export interface ProgressTracker {
  phase(phase: UploadPhase): void;
  batchIds(ids: string[]): void;
  batchStatus(status: string): void;
  paused(paused: boolean): void;
  /** Bytes (and chunks) confirmed; `resumed` when found already on the server or in the journal. */
  chunkDone(bytes: number, resumed: boolean): void;
  partDone(part: PlannedPart, resumed: boolean): void;
  /** Marks the first transfer of this run, the start of the MB/s clock. */
  transferStarted(): void;
  sentThisRun(): { bytes: number; ms: number };
  flush(): void;
}

export function createProgressTracker(parts: readonly PlannedPart[], onProgress: ((p: UploadProgress) => void) | undefined): ProgressTracker {
  const chunksTotal = parts.reduce((n, p) => n + (p.chunkBytes === 0 ? 1 : chunkRanges(p.bytes, p.chunkBytes).length), 0);
  const state: UploadProgress = {
    phase: 'planning',
    bytesSent: 0,
    bytesTotal: parts.reduce((n, p) => n + p.bytes, 0),
    recordsSent: 0,
    recordsTotal: parts.reduce((n, p) => n + p.rows, 0),
    partsDone: 0,
    partsTotal: parts.length,
    chunksDone: 0,
    chunksTotal,
    mbPerSecond: 0,
    batchIds: [],
    paused: false,
  };
  let runBytes = 0;
  let firstTransfer: number | undefined;
  let lastTransfer: number | undefined;
  const throttle = throttleProgress<UploadProgress>((p) => onProgress?.(p));
  const emit = () => {
    if (firstTransfer !== undefined && lastTransfer !== undefined && lastTransfer > firstTransfer) {
      state.mbPerSecond = Math.round((runBytes / 1e6 / ((lastTransfer - firstTransfer) / 1000)) * 100) / 100;
    }
    throttle.offer({ ...state, batchIds: [...state.batchIds] });
  };
  return {
    phase(phase) {
      state.phase = phase;
      emit();
    },
    batchIds(ids) {
      state.batchIds = ids;
      emit();
    },
    batchStatus(status) {
      state.batchStatus = status;
      emit();
    },
    paused(paused) {
      state.paused = paused;
      emit();
    },
    chunkDone(bytes, resumed) {
      state.bytesSent += bytes;
      state.chunksDone += 1;
      if (!resumed) {
        runBytes += bytes;
        lastTransfer = Date.now();
      }
      emit();
    },
    partDone(part, _resumed) {
      state.partsDone += 1;
      state.recordsSent += part.rows;
      emit();
    },
    transferStarted() {
      firstTransfer ??= Date.now();
    },
    sentThisRun() {
      return { bytes: runBytes, ms: firstTransfer !== undefined && lastTransfer !== undefined ? lastTransfer - firstTransfer : 0 };
    },
    flush() {
      emit();
      throttle.flush();
    },
  };
}
