import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { type CatalogBatch, getBatch } from '../../platform/catalog';
import type { PlatformClient } from '../../platform/platform-client';
import { sleep } from '../../platform/retry-policy';

/**
 * Polls Catalog until a batch reaches a terminal status, with backoff, within a time budget.
 * Why backoff: processing takes seconds on the Local sandbox and minutes on AEP; polling fast at
 * first and then every few seconds finds quick batches quickly without hammering Catalog on slow
 * ones (aep-notes §10: "always use filters and limit to reduce load").
 */

/** Statuses after which nothing changes by waiting (aep-notes §3.2). `stalled` is not one: it may recover. */
export const TERMINAL_STATUSES = new Set(['success', 'active', 'failed', 'failure', 'aborted', 'abandoned', 'inactive', 'deleted', 'archived', 'retained']);

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** `active` means `success`, `failure` means `failed` (aep-notes §3.2). */
export function normaliseStatus(status: string): string {
  return status === 'active' ? 'success' : status === 'failure' ? 'failed' : status;
}

export interface PollOptions {
  initialMs?: number;
  maxMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStatus?: (status: string) => void;
}

export async function pollBatch(
  client: PlatformClient,
  batchId: string,
  options: PollOptions = {},
): Promise<{ batch: CatalogBatch & { id: string }; timedOut: boolean }> {
  const started = Date.now();
  const timeout = options.timeoutMs ?? 30 * 60_000;
  let wait = options.initialMs ?? 500;
  for (;;) {
    const batch = await getBatch(client, batchId, options.signal);
    options.onStatus?.(normaliseStatus(batch.status));
    if (isTerminal(batch.status)) return { batch, timedOut: false };
    if (Date.now() - started + wait > timeout) return { batch, timedOut: true };
    try {
      await sleep(wait, options.signal);
    } catch {
      throw new AppError('CANCELLED', `Stopped waiting for batch ${batchId}; it goes on processing in AEP.`);
    }
    wait = Math.min(Math.round(wait * 1.5), options.maxMs ?? 10_000);
  }
}

/** A batch by id, or undefined when Catalog does not know it (404). */
export async function findBatch(client: PlatformClient, batchId: string, signal?: AbortSignal): Promise<(CatalogBatch & { id: string }) | undefined> {
  try {
    return await getBatch(client, batchId, signal);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
