import { isAppError } from '../../../../src-shared/domain/errors';
import { createBatch } from '../../platform/batch-ingestion';
import { listBatches } from '../../platform/catalog';
import { ServerWaitError } from '../../platform/remote-errors';
import type { PlatformClient } from '../../platform/platform-client';
import { sleep } from '../../platform/retry-policy';
import type { PartFormat } from '../prepare/prepare-types';
import type { Journal } from './journal';
import type { GroupState } from './journal-state';

/**
 * Creates a group's batch exactly once, across crashes.
 * Why the externalId dance: `POST /batches` is not idempotent (a retry makes a second batch,
 * aep-notes §10). The externalId is journaled before the call; when the answer is lost (a kill,
 * a dropped connection, a 409 for an id already taken), Catalog is asked for the batch with
 * that externalId, and a batch found there is adopted instead of creating another.
 */
export interface CreateContext {
  client: PlatformClient;
  journal: Journal;
  run: number;
  datasetId: string;
  format: PartFormat;
  /** JSON files that are each one JSON array (AEP applies it to every file of the batch). */
  multiLineJson: boolean;
  enableErrorDiagnostics: boolean;
  signal: AbortSignal;
}

/** Deterministic per job, run and group: the same job resumed asks for the same id. */
export function externalIdFor(jobKey: string, run: number, group: number, attempt: number): string {
  return `xdm-loader-${jobKey.slice(0, 24)}-r${run}-b${group + 1}-a${attempt}`;
}

export async function ensureBatch(ctx: CreateContext, jobKey: string, groupIndex: number, group: GroupState): Promise<string> {
  if (group.batchId) return group.batchId;
  const { client, journal, run, signal } = ctx;
  const externalId = group.externalId ?? externalIdFor(jobKey, run, groupIndex, group.attempt);
  if (group.externalId) {
    // A create may have reached AEP before the kill: look before creating again.
    const found = await findByExternalId(client, ctx.datasetId, externalId, signal);
    if (found) return adopt(ctx, groupIndex, group, found);
  } else {
    await journal.append({ t: 'batch-creating', run, group: groupIndex, externalId });
    group.externalId = externalId;
  }
  // Each failed create is followed by a look-up; only a batch that provably does not exist is created again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const batch = await createBatch(
        client,
        {
          datasetId: ctx.datasetId,
          format: ctx.format,
          ...(ctx.multiLineJson ? { isMultiLineJson: true } : {}),
          externalId,
          ...(ctx.enableErrorDiagnostics ? { enableErrorDiagnostics: true } : {}),
        },
        signal,
      );
      return await adopt(ctx, groupIndex, group, batch.id);
    } catch (error) {
      if (signal.aborted) throw error;
      // The answer was lost or refused as a duplicate: the batch may exist all the same.
      const found = await findByExternalId(client, ctx.datasetId, externalId, signal);
      if (found) return adopt(ctx, groupIndex, group, found);
      // A refusal that is not transient (bad dataset, no permission) will not change by retrying.
      if (attempt >= CREATE_ATTEMPTS || !transient(error)) throw error;
      // A create still on its way to AEP would land during the wait and be found by the next look-up.
      await sleep(250 * attempt, signal);
    }
  }
}

const CREATE_ATTEMPTS = 4;

function transient(error: unknown): boolean {
  // A server that asked for a long wait (Retry-After beyond the budget) is not asked again sooner.
  if (error instanceof ServerWaitError) return false;
  return (
    isAppError(error) &&
    (error.code === 'UNREACHABLE' || error.code === 'THROTTLED' || (error.code === 'REMOTE_ERROR' && /\b(409|5\d\d)\b/.test(error.message)))
  );
}

async function adopt(ctx: CreateContext, groupIndex: number, group: GroupState, batchId: string): Promise<string> {
  await ctx.journal.append({ t: 'batch-created', run: ctx.run, group: groupIndex, batchId });
  group.batchId = batchId;
  return batchId;
}

/** The id of the dataset's batch created with `externalId`, if Catalog has one. */
export async function findByExternalId(client: PlatformClient, datasetId: string, externalId: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const batches = await listBatches(client, { datasetId, externalId, limit: 10, signal });
    return batches.find((b) => b.externalId === externalId)?.id;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
