import { completeLargeFile, initializeLargeFile, putFile, uploadChunk, uploadedRanges, type BatchFile } from '../../platform/batch-ingestion';
import type { PlatformClient } from '../../platform/platform-client';
import { chunkRanges, type PlannedPart } from './batch-plan';
import type { Journal } from './journal';
import { chunkKey, type PartState } from './journal-state';
import type { TransferPool } from './transfer-pool';
import type { ProgressTracker } from './upload-progress';

/**
 * Sends one part into a batch: a single PUT, or INITIALIZE → chunks → COMPLETE, resuming.
 * Why the server decides what a resumed large file still needs: the journal can be behind (a
 * kill between a chunk's 200 and its journal line), never ahead; AEP's `Range` (HEAD) says
 * which bytes arrived, so a confirmed chunk is never sent twice and at most the in-flight ones
 * are. INITIALIZE is only sent when the journal has no record of it: on AEP it starts the file
 * over, dropping chunks already received.
 */
export interface PartContext {
  client: PlatformClient;
  journal: Journal;
  pool: TransferPool;
  progress: ProgressTracker;
  run: number;
  datasetId: string;
  signal: AbortSignal;
}

export async function uploadPart(ctx: PartContext, batchId: string, part: PlannedPart, state: PartState): Promise<void> {
  const { client, journal, pool, progress, run, signal } = ctx;
  const file: BatchFile = { batchId, datasetId: ctx.datasetId, fileName: part.name };
  if (state.done) {
    progress.chunkDone(part.bytes, true);
    progress.partDone(part, true);
    return;
  }

  if (part.chunkBytes === 0) {
    // PUT replaces the file on the server: re-sending after a crash cannot duplicate it.
    await pool.run(async () => {
      progress.transferStarted();
      await putFile(client, file, { path: part.path }, signal);
    });
    await journal.append({ t: 'part-done', run, part: part.name });
    state.done = true;
    progress.chunkDone(part.bytes, false);
    progress.partDone(part, false);
    return;
  }

  const ranges = chunkRanges(part.bytes, part.chunkBytes);
  let have: Array<{ start: number; end: number }> = [];
  if (state.initialized) {
    have = await uploadedRanges(client, file, signal);
  } else {
    await initializeLargeFile(client, file, signal);
    await journal.append({ t: 'part-initialized', run, part: part.name });
    state.initialized = true;
  }
  const held = (r: { start: number; end: number }) => have.some((h) => h.start <= r.start && h.end >= r.end);
  const todo = ranges.filter((r) => !held(r));
  for (const r of ranges) if (held(r)) progress.chunkDone(r.end - r.start, true);

  await Promise.all(
    todo.map(async (range) => {
      await pool.run(async () => {
        progress.transferStarted();
        await uploadChunk(client, file, { path: part.path }, range, signal);
      });
      // Journaled after the transfer gave its slot back: the fsync need not hold up the next chunk.
      await journal.append({ t: 'chunk-done', run, part: part.name, start: range.start, end: range.end });
      state.chunks.add(chunkKey(range.start, range.end));
      progress.chunkDone(range.end - range.start, false);
    }),
  );
  // Idempotent on AEP and on the sandbox: a file already completed answers success again.
  await completeLargeFile(client, file, signal);
  await journal.append({ t: 'part-done', run, part: part.name });
  state.done = true;
  progress.partDone(part, false);
}
