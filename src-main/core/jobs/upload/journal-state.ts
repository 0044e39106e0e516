import type { PlannedPart } from './batch-plan';
import type { JournalRecord } from './journal';

/**
 * The state of the latest run, folded from the journal.
 * Why a fold: the journal is the only memory that survives a kill; everything the job does on
 * resume follows from replaying it (and from asking the server where the journal cannot know).
 */
export interface GroupState {
  externalId?: string;
  batchId?: string;
  completing: boolean;
  completed: boolean;
  final?: { status: string; recordsWritten: number; recordsFailed: number };
  aborted: boolean;
  /** Starts at 1; a reset group gets a new batch with a new externalId. */
  attempt: number;
}

export interface PartState {
  initialized: boolean;
  done: boolean;
  /** Chunks AEP confirmed, as `start-end` (half-open). */
  chunks: Set<string>;
}

export interface RunState {
  run: number;
  key: string;
  datasetId: string;
  format: JournalRecordRun['format'];
  /** A resumed run creates its batches in the form the run was planned with. */
  multiLineJson: boolean;
  parts: PlannedPart[];
  groups: GroupState[];
  partStates: Map<string, PartState>;
}

type JournalRecordRun = Extract<JournalRecord, { t: 'run' }>;

export const chunkKey = (start: number, end: number): string => `${start}-${end}`;

/** The latest run, or undefined when the journal holds none. Records of older runs are ignored. */
export function foldJournal(records: readonly JournalRecord[]): RunState | undefined {
  let state: RunState | undefined;
  for (const record of records) {
    if (record.t === 'run') {
      state = {
        run: record.run,
        key: record.key,
        datasetId: record.datasetId,
        format: record.format,
        multiLineJson: record.multiLineJson === true,
        parts: record.parts,
        groups: Array.from({ length: record.groups }, () => freshGroup(1)),
        partStates: new Map(record.parts.map((p) => [p.name, freshPart()])),
      };
      continue;
    }
    if (!state || record.run !== state.run) continue;
    if ('group' in record) {
      const group = state.groups[record.group];
      if (!group) continue;
      switch (record.t) {
        case 'batch-creating':
          group.externalId = record.externalId;
          break;
        case 'batch-created':
          group.batchId = record.batchId;
          break;
        case 'batch-completing':
          group.completing = true;
          break;
        case 'batch-completed':
          group.completing = true;
          group.completed = true;
          break;
        case 'batch-final':
          group.final = { status: record.status, recordsWritten: record.recordsWritten, recordsFailed: record.recordsFailed };
          break;
        case 'batch-aborted':
          group.aborted = true;
          break;
        case 'group-reset':
          state.groups[record.group] = freshGroup(record.attempt);
          for (const p of state.parts) if (p.group === record.group) state.partStates.set(p.name, freshPart());
          break;
      }
      continue;
    }
    const part = state.partStates.get(record.part);
    if (!part) continue;
    if (record.t === 'part-initialized') part.initialized = true;
    else if (record.t === 'chunk-done') part.chunks.add(chunkKey(record.start, record.end));
    else if (record.t === 'part-done') part.done = true;
  }
  return state;
}

/** True when every batch of the run reached a terminal status we recorded. */
export function runFinished(state: RunState): boolean {
  return state.groups.every((g) => g.final !== undefined);
}

const freshGroup = (attempt: number): GroupState => ({ completing: false, completed: false, aborted: false, attempt });
const freshPart = (): PartState => ({ initialized: false, done: false, chunks: new Set<string>() });
