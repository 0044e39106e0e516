import { isAppError } from '../../../../src-shared/domain/errors';
import type { IdentityNamespaceSummary } from '../../../../src-shared/platform/targets';
import { getDataset, tagHas } from '../../platform/catalog';
import { listNamespaces } from '../../platform/identity';
import type { PlatformClient } from '../../platform/platform-client';
import { getSchema } from '../../platform/schema-registry';
import type { MissingReason } from './confirm-types';

/**
 * Why an identity is not in Profile: the likely reason, from what the sandbox says about the
 * dataset, its schema and the namespaces.
 * Why fetched once per report: the configuration is the same for every identity; only the
 * namespace differs. Failures to fetch are not fatal: the reason falls back to the generic one.
 */
export interface TargetFacts {
  datasetName?: string;
  datasetProfile?: boolean;
  datasetIdentity?: boolean;
  schemaTitle?: string;
  schemaUnion?: boolean;
  namespaces?: IdentityNamespaceSummary[];
}

/** How long after a batch succeeds Profile may still be applying it (inferred; Adobe states no figure for batches). */
export const PROFILE_LATENCY_MS = 15 * 60_000;

async function quietly<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && error.code === 'CANCELLED') throw error;
    return undefined;
  }
}

export async function targetFacts(client: PlatformClient, datasetId: string | undefined, signal?: AbortSignal): Promise<TargetFacts> {
  const facts: TargetFacts = {};
  const namespaces = await quietly(() => listNamespaces(client, signal));
  if (namespaces) facts.namespaces = namespaces;
  if (datasetId === undefined) return facts;
  const dataset = await quietly(() => getDataset(client, datasetId, signal));
  if (!dataset) return facts;
  facts.datasetName = dataset.name ?? datasetId;
  facts.datasetProfile = tagHas(dataset.tags, 'unifiedProfile', 'enabled:true');
  facts.datasetIdentity = tagHas(dataset.tags, 'unifiedIdentity', 'enabled:true');
  const schemaId = dataset.schemaRef?.id;
  if (schemaId === undefined) return facts;
  const schema = await quietly(() => getSchema(client, schemaId, { format: 'xed', ...(signal ? { signal } : {}) }));
  if (schema) {
    facts.schemaTitle = typeof schema.title === 'string' ? schema.title : schemaId;
    facts.schemaUnion = Array.isArray(schema['meta:immutableTags']) && schema['meta:immutableTags'].includes('union');
  }
  return facts;
}

/**
 * Reasons that waiting will not cure, for one namespace; undefined when the configuration is fine.
 * Why namespace first: it is specific to the identity, while dataset and schema explain every miss.
 */
export function configurationReason(namespace: string, facts: TargetFacts): { reason: MissingReason; explanation: string } | undefined {
  if (facts.namespaces) {
    const exact = facts.namespaces.some((n) => n.code === namespace);
    const folded = facts.namespaces.find((n) => n.code.toLowerCase() === namespace.toLowerCase());
    if (!exact && !folded) {
      return {
        reason: 'NAMESPACE_UNKNOWN',
        explanation: `The sandbox has no identity namespace "${namespace}": records with it are kept in the data lake but never reach Profile. Create the namespace (exact code) or map the identity to an existing one, then load again.`,
      };
    }
    if (!exact && folded) {
      return {
        reason: 'NAMESPACE_CASE',
        explanation: `The records use namespace "${namespace}" but the sandbox has "${folded.code}": fix the code in the mapping, then load again.`,
      };
    }
  }
  const dataset = facts.datasetName !== undefined ? `Dataset "${facts.datasetName}"` : 'The dataset';
  if (facts.datasetProfile === false || facts.datasetIdentity === false) {
    const missing = [facts.datasetProfile === false ? 'Profile' : undefined, facts.datasetIdentity === false ? 'Identity' : undefined]
      .filter(Boolean)
      .join(' and ');
    return {
      reason: 'DATASET_NOT_PROFILE',
      explanation: `${dataset} is not enabled for ${missing}: its batches stay in the data lake. Enable it (preflight offers the fix), then load the data again: what was loaded before does not move to Profile.`,
    };
  }
  if (facts.schemaUnion === false) {
    return {
      reason: 'SCHEMA_NOT_UNION',
      explanation: `Schema "${facts.schemaTitle ?? '?'}" is not enabled for Profile (no "union" tag). Enable it (preflight offers the fix; it cannot be undone), then load the data again.`,
    };
  }
  return undefined;
}

/** The reason for a miss the configuration does not explain: recency first. */
export function residualReason(batchCompletedAt: number | undefined, now: number): { reason: MissingReason; explanation: string } {
  if (batchCompletedAt !== undefined && now - batchCompletedAt < PROFILE_LATENCY_MS) {
    const minutes = Math.max(1, Math.round((now - batchCompletedAt) / 60_000));
    return {
      reason: 'STILL_PROCESSING',
      explanation: `The batch succeeded about ${minutes} minute${minutes === 1 ? '' : 's'} ago; Profile may still be applying it. Look again in a few minutes.`,
    };
  }
  return {
    reason: 'NOT_IN_PROFILE',
    explanation:
      'Profile has no profile for this identity although the dataset, schema and namespace are set up for it. The record may have failed ingestion ' +
      "(see the batch's failed records), or the default merge policy does not stitch this identity.",
  };
}
