import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import type { PlatformClient } from '../../platform/platform-client';
import { getEntities, type ProfileEntity } from '../../platform/profile-access';
import { sleep } from '../../platform/retry-policy';
import type { ConfirmReport, IdentityResult } from './confirm-types';
import { configurationReason, residualReason, targetFacts } from './diagnose-missing';

/**
 * Confirmation: looks sampled identities up in Profile after a load and explains each miss.
 * Why it waits: Profile applies a batch some time after Catalog says `success`; a miss right
 * after is usually "not yet". So misses that the configuration does not explain are asked again
 * with backoff for a bounded time; misses it does explain are reported at once (waiting would
 * not help). A 403 is reported as what it is (an entitlement or permission), never as "not found".
 */
export interface ConfirmInput {
  identities: ReadonlyArray<{ namespace: string; id: string }>;
  /** The dataset loaded into, to explain misses. */
  datasetId?: string;
  /** When the batch reached `success` (epoch ms): recent batches may still be processing. */
  batchCompletedAt?: number;
  /** How long to keep asking for identities still missing (default 0: one round). */
  waitMs?: number;
  /** First pause between rounds (default 2 s), doubled each round up to `maxDelayMs` (default 30 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  mergePolicyId?: string;
  signal?: AbortSignal;
  now?: () => number;
}

/** Identities per POST: well under Profile's limit, small enough to retry cheaply. */
const LOOKUP_CHUNK = 100;

async function lookup(
  client: PlatformClient,
  input: ConfirmInput,
  batch: ReadonlyArray<{ namespace: string; id: string }>,
): Promise<Array<ProfileEntity | undefined>> {
  const out: Array<ProfileEntity | undefined> = [];
  for (let start = 0; start < batch.length; start += LOOKUP_CHUNK) {
    const chunk = batch.slice(start, start + LOOKUP_CHUNK);
    const found = await getEntities(
      client,
      chunk.map((i) => ({ entityId: i.id, namespace: i.namespace })),
      {
        fields: ['identities'],
        ...(input.mergePolicyId !== undefined ? { mergePolicyId: input.mergePolicyId } : {}),
        ...(input.signal ? { signal: input.signal } : {}),
      },
    );
    out.push(...found);
  }
  return out;
}

function tally(identities: IdentityResult[], extra: Pick<ConfirmReport, 'rounds' | 'waitedMs'>): ConfirmReport {
  const found = identities.filter((i) => i.found === true).length;
  const missing = identities.filter((i) => i.found === false).length;
  const status = identities.length === 0 ? 'nothing-to-check' : missing === 0 ? 'confirmed' : found === 0 ? 'missing' : 'partial';
  return { status, found, missing, identities, ...extra };
}

export async function confirmInProfile(client: PlatformClient, input: ConfirmInput): Promise<ConfirmReport> {
  const now = input.now ?? Date.now;
  const started = now();
  const results: IdentityResult[] = input.identities.map((i) => ({ namespace: i.namespace, id: i.id, found: false }));
  if (results.length === 0) return tally(results, { rounds: 0, waitedMs: 0 });

  // Configuration first: misses it explains are final, so only the others are asked again.
  const facts = await targetFacts(client, input.datasetId, input.signal);
  let pending = results;
  let rounds = 0;
  let delay = input.initialDelayMs ?? 2000;
  const deadline = started + (input.waitMs ?? 0);
  for (;;) {
    rounds += 1;
    let entities: Array<ProfileEntity | undefined>;
    try {
      entities = await lookup(client, input, pending);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'FORBIDDEN') throw error;
      // Nothing is known about the identities not yet found: say so instead of "missing".
      for (const r of pending) Object.assign(r, { found: null, reason: 'FORBIDDEN', explanation: error.message });
      const report = tally(results, { rounds, waitedMs: now() - started });
      return { ...report, status: report.found > 0 ? report.status : 'forbidden', forbidden: error.message };
    }
    pending.forEach((r, index) => {
      const entity = entities[index];
      if (!entity) return;
      r.found = true;
      if (entity.entityId !== undefined) r.entityId = entity.entityId;
      if (entity.sources !== undefined) r.sources = entity.sources.filter((s) => s !== '');
    });
    pending = pending.filter((r) => r.found === false && configurationReason(r.namespace, facts) === undefined);
    if (pending.length === 0 || now() + delay > deadline) break;
    try {
      await sleep(delay, input.signal);
    } catch {
      throw new AppError('CANCELLED', 'Confirmation was cancelled.');
    }
    delay = Math.min(delay * 2, input.maxDelayMs ?? 30_000);
  }

  for (const r of results) {
    if (r.found) continue;
    const why = configurationReason(r.namespace, facts) ?? residualReason(input.batchCompletedAt, now());
    r.reason = why.reason;
    r.explanation = why.explanation;
  }
  return tally(results, { rounds, waitedMs: now() - started });
}
