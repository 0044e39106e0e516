import { isAppError } from '../../../../src-shared/domain/errors';
import { type IdentityDescriptor, pointerToPath } from '../../../../src-shared/xdm/identity-descriptors';
import { getDataset } from '../../platform/catalog';
import type { PlatformClient } from '../../platform/platform-client';
import { listIdentityDescriptors } from '../../platform/schema-registry';
import { preparedInput } from '../preflight/prepared-records';
import { confirmInProfile, type ConfirmInput } from './confirm-in-profile';
import type { ConfirmReport } from './confirm-types';
import { sampleIdentities, type SampledIdentity } from './sample-identities';

/**
 * Confirmation of a prepared folder (or XDM file) loaded into a dataset: sample, then look up.
 * Why the dataset's descriptors: records of a schema with a primary identity field carry no
 * identityMap, and the sample must find their identities where Profile does.
 */
export interface ConfirmPreparedInput extends Omit<ConfirmInput, 'identities' | 'datasetId'> {
  /** A prepare output folder or one XDM file. */
  target: string;
  datasetId: string;
  /** Identities to sample (default 10). */
  count?: number;
}

export async function schemaDescriptorsOfDataset(client: PlatformClient, datasetId: string, signal?: AbortSignal): Promise<IdentityDescriptor[]> {
  try {
    const schemaId = (await getDataset(client, datasetId, signal)).schemaRef?.id;
    if (schemaId === undefined) return [];
    return (await listIdentityDescriptors(client, signal))
      .filter((d) => d['xdm:sourceSchema'] === schemaId)
      .map((d) => ({ path: pointerToPath(d['xdm:sourceProperty']), namespace: d['xdm:namespace'], primary: d['xdm:isPrimary'] === true }));
  } catch (error) {
    // Without descriptors the sample still has identityMap identities; the report explains the rest.
    if (isAppError(error) && error.code === 'NOT_FOUND') return [];
    throw error;
  }
}

export async function confirmPrepared(client: PlatformClient, input: ConfirmPreparedInput): Promise<ConfirmReport & { sample: SampledIdentity[] }> {
  const prepared = await preparedInput(input.target);
  const descriptors = await schemaDescriptorsOfDataset(client, input.datasetId, input.signal);
  const sample = await sampleIdentities(prepared, { count: input.count ?? 10, descriptors, ...(input.signal ? { signal: input.signal } : {}) });
  const { target: _target, count: _count, ...rest } = input;
  const report = await confirmInProfile(client, { ...rest, identities: sample });
  return { ...report, sample };
}
