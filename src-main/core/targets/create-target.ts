import { AppError, isAppError, type AppErrorShape } from '../../../src-shared/domain/errors';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import { createDataset, listDatasets } from '../platform/catalog';
import { createNamespace, listNamespaces } from '../platform/identity';
import type { PlatformClient } from '../platform/platform-client';
import {
  createFieldGroup,
  createIdentityDescriptor,
  createSchema,
  enableSchemaForProfile,
  listFieldGroups,
  listIdentityDescriptors,
  listSchemas,
} from '../platform/schema-registry';
import type { TargetProposal } from './propose-target';
import { fieldGroupRequest, identityPointer, proposalMapping, schemaRequest } from './target-documents';

/**
 * Creates a proposal's target in AEP's order: the identity namespace (when custom and new), the
 * field group, the schema, the primary identity descriptor, the `union` tag, the dataset.
 * Why every step looks first: a run stopped midway (a failed call, a closed laptop) leaves part
 * of the target in the sandbox, and Schema Registry resources cannot be created twice (titles are
 * unique) nor deleted once data lands. So each step finds what exists, by title, name or schema,
 * and only creates what does not; a second run on the same file goes on from where the first one
 * stopped and creates nothing when the first one finished.
 */

export const creationSteps = ['namespace', 'fieldGroup', 'schema', 'descriptor', 'union', 'dataset'] as const;
export type CreationStepName = (typeof creationSteps)[number];

export interface CreationStep {
  step: CreationStepName;
  /** What the step is about, in words (`field group "customers: file columns"`). */
  what: string;
  /** exists: found, left as it was; to-create: a dry run's plan; not-needed: nothing to do (no custom columns); not-reached: an earlier step failed. */
  status: 'exists' | 'created' | 'to-create' | 'failed' | 'not-reached' | 'not-needed';
  id?: string;
  error?: AppErrorShape;
}

export interface CreationReport {
  dryRun: boolean;
  /** Every step exists or was created. */
  complete: boolean;
  steps: CreationStep[];
  schemaId?: string;
  datasetId?: string;
  /** The mapping into the schema, once the schema exists. */
  mapping?: MappingFile;
}

type Outcome = { status: 'exists' | 'created' | 'not-needed'; id?: string };

export async function createTarget(client: PlatformClient, proposal: TargetProposal, options: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<CreationReport> {
  const { signal } = options;
  const dryRun = options.dryRun === true;
  const state: { fieldGroupId: string | null; schemaId?: string; schemaTags: string[]; datasetId?: string } = { fieldGroupId: null, schemaTags: [] };
  const group = fieldGroupRequest(proposal);

  const actions: Record<CreationStepName, { what: string; run(create: boolean): Promise<Outcome | null> }> = {
    namespace: {
      what: `identity namespace ${proposal.identity.namespace}`,
      async run(create) {
        const code = proposal.identity.namespace.toLowerCase();
        const found = (await listNamespaces(client, signal)).find((n) => n.code.toLowerCase() === code);
        if (found) return { status: 'exists', id: found.code };
        if (!create) return null;
        const made = await createNamespace(client, { code: proposal.identity.namespace, name: proposal.identity.namespace, idType: 'CROSS_DEVICE', description: `Created by XDM Loader for ${proposal.fileName}.` }, signal);
        return { status: 'created', id: made.code };
      },
    },
    fieldGroup: {
      what: proposal.customFieldGroup ? `field group "${proposal.customFieldGroup.title}"` : 'custom field group',
      async run(create) {
        if (!group || !proposal.customFieldGroup) return { status: 'not-needed' };
        const title = proposal.customFieldGroup.title;
        const found = (await listFieldGroups(client, { signal })).find((g) => g.title === title);
        if (found) return keep(found.$id, (id) => (state.fieldGroupId = id), 'exists');
        if (!create) return null;
        return keep((await createFieldGroup(client, group, signal)).$id, (id) => (state.fieldGroupId = id), 'created');
      },
    },
    schema: {
      what: `schema "${proposal.schemaTitle}" (${proposal.class.choice === 'event' ? 'XDM ExperienceEvent' : 'XDM Individual Profile'})`,
      async run(create) {
        const found = (await listSchemas(client, { signal })).find((s) => s.title === proposal.schemaTitle);
        if (found) {
          if (found['meta:class'] !== undefined && found['meta:class'] !== proposal.class.id) {
            throw new AppError('CONFLICT', `The sandbox already has a schema "${proposal.schemaTitle}" of another class (${found['meta:class']}); choose another --name.`);
          }
          // A schema of that title that does not hold the proposal's field groups is someone else's: the mapping would not fit it.
          const wanted = [...proposal.standardFieldGroups, ...(state.fieldGroupId ? [state.fieldGroupId] : [])];
          const lacking = found['meta:extends'] ? wanted.filter((id) => !found['meta:extends']?.includes(id)) : [];
          if (lacking.length > 0) {
            throw new AppError('CONFLICT', `The sandbox already has a schema "${proposal.schemaTitle}" without the field group(s) ${lacking.join(', ')}; choose another --name.`);
          }
          state.schemaTags = found['meta:immutableTags'] ?? [];
          return keep(found.$id, (id) => (state.schemaId = id), 'exists');
        }
        if (!create) return null;
        if (group && state.fieldGroupId === null) return null;
        return keep((await createSchema(client, schemaRequest(proposal, state.fieldGroupId), signal)).$id, (id) => (state.schemaId = id), 'created');
      },
    },
    descriptor: {
      what: `primary identity ${proposal.identity.namespace} on ${identityPointer(proposal)}`,
      async run(create) {
        const schemaId = state.schemaId;
        if (schemaId === undefined) return null;
        const found = (await listIdentityDescriptors(client, signal)).find((d) => d['xdm:sourceSchema'] === schemaId && d['xdm:isPrimary'] === true);
        if (found) return { status: 'exists', ...(found['@id'] ? { id: found['@id'] } : {}) };
        if (!create) return null;
        const made = await createIdentityDescriptor(client, { schemaId, path: identityPointer(proposal), namespace: proposal.identity.namespace, primary: true }, signal);
        return { status: 'created', ...(made['@id'] ? { id: made['@id'] } : {}) };
      },
    },
    union: {
      what: 'union tag (enabled for Profile)',
      async run(create) {
        if (state.schemaId === undefined) return null;
        if (state.schemaTags.includes('union')) return { status: 'exists' };
        if (!create) return null;
        await enableSchemaForProfile(client, state.schemaId, signal);
        return { status: 'created' };
      },
    },
    dataset: {
      what: `dataset "${proposal.dataset.name}" (Profile and Identity)`,
      async run(create) {
        const schemaId = state.schemaId;
        if (schemaId === undefined) return null;
        const found = (await listDatasets(client, signal ? { signal } : {})).find((d) => d.name === proposal.dataset.name && d.schemaId === schemaId);
        if (found) return keep(found.id, (id) => (state.datasetId = id), 'exists');
        if (!create) return null;
        const id = await createDataset(client, { name: proposal.dataset.name, schemaId, description: `Created by XDM Loader for ${proposal.fileName}.`, profile: true }, signal);
        return keep(id, (value) => (state.datasetId = value), 'created');
      },
    },
  };

  const steps: CreationStep[] = [];
  let failed = false;
  for (const step of creationSteps) {
    const { what, run } = actions[step];
    if (failed) {
      steps.push({ step, what, status: 'not-reached' });
      continue;
    }
    try {
      const outcome = await run(!dryRun);
      steps.push(outcome ? { step, what, ...outcome } : { step, what, status: dryRun ? 'to-create' : 'not-reached' });
    } catch (error) {
      if (signal?.aborted) throw error;
      failed = true;
      steps.push({ step, what, status: 'failed', error: isAppError(error) ? error.toShape() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
    }
  }
  const complete = steps.every((s) => s.status === 'exists' || s.status === 'created' || s.status === 'not-needed');
  return {
    dryRun,
    complete,
    steps,
    ...(state.schemaId !== undefined ? { schemaId: state.schemaId, mapping: proposalMapping(proposal, state.schemaId) } : {}),
    ...(state.datasetId !== undefined ? { datasetId: state.datasetId } : {}),
  };
}

function keep(id: string, store: (id: string) => void, status: 'exists' | 'created'): Outcome {
  store(id);
  return { status, id };
}

/** A failed run in words: what exists now, what does not, and that running again goes on from there. */
export function describeIncomplete(report: CreationReport): string {
  const done = report.steps.filter((s) => s.status === 'exists' || s.status === 'created').map((s) => s.what);
  const failed = report.steps.find((s) => s.status === 'failed');
  const missing = report.steps.filter((s) => s.status === 'failed' || s.status === 'not-reached').map((s) => s.what);
  return [
    failed ? `Creating the ${failed.what} failed: ${failed.error?.message ?? 'unknown error'}` : 'The target is not complete.',
    `In the sandbox now: ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
    `Not created: ${missing.join('; ')}.`,
    'Run the same command again to go on from there; what exists is found, not created twice.',
  ].join(' ');
}
