import { AppError } from '../../../../src-shared/domain/errors';
import { enableDatasetForProfile } from '../../platform/catalog';
import type { PlatformClient } from '../../platform/platform-client';
import { enableSchemaForProfile } from '../../platform/schema-registry';
import type { PreflightFix, PreflightFixId } from './preflight-types';

/**
 * The fixes preflight can offer, with their consequences stated once, and how to apply them.
 * Why the wording lives here: the Upload screen and `xdm-loader preflight --fix` must say the
 * same thing before changing a schema or dataset that AEP will not let anyone change back.
 */
export const preflightFixes: Record<PreflightFixId, PreflightFix> = {
  'enable-schema-for-profile': {
    id: 'enable-schema-for-profile',
    label: 'Enable the schema for Profile',
    consequence:
      'Adds the "union" tag to the schema. This cannot be undone: the tag is immutable, the schema stays in the Profile union ' +
      'for good, and from then on its fields can only be added, never removed or changed.',
    irreversible: true,
  },
  'enable-dataset-for-profile': {
    id: 'enable-dataset-for-profile',
    label: 'Enable the dataset for Profile and Identity',
    consequence:
      'Tags the dataset unifiedProfile and unifiedIdentity, so every batch ingested from now on feeds Real-Time Customer Profile and ' +
      'the identity graph. This cannot be undone for the data: disabling the tags later stops new data only, and profiles and ' +
      'identity links already built stay until they are deleted through Profile and Identity Service.',
    irreversible: true,
  },
};

export interface FixTarget {
  datasetId: string;
  /** The dataset's schema (`$id`), needed for the schema fix. */
  schemaId?: string;
  signal?: AbortSignal;
}

/** Applies one fix through the platform calls the Targets screen uses too. */
export async function applyPreflightFix(client: PlatformClient, fix: PreflightFixId, target: FixTarget): Promise<void> {
  if (fix === 'enable-schema-for-profile') {
    if (target.schemaId === undefined) throw new AppError('INVALID_INPUT', 'The schema to enable for Profile is not known; run preflight first.');
    await enableSchemaForProfile(client, target.schemaId, target.signal);
    return;
  }
  await enableDatasetForProfile(client, target.datasetId, target.signal ? { signal: target.signal } : {});
}

/** Enables the schema for Profile (adds the immutable `union` tag). Cannot be undone. */
export function enableSchemaFix(client: PlatformClient, schemaId: string, signal?: AbortSignal): Promise<void> {
  return applyPreflightFix(client, 'enable-schema-for-profile', { datasetId: '', schemaId, ...(signal ? { signal } : {}) });
}

/** Enables the dataset for Profile and Identity (both tags). Data ingested afterwards feeds Profile. */
export function enableDatasetFix(client: PlatformClient, datasetId: string, signal?: AbortSignal): Promise<void> {
  return applyPreflightFix(client, 'enable-dataset-for-profile', { datasetId, ...(signal ? { signal } : {}) });
}
