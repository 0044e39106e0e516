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
  replaceResource,
  type SchemaListItem,
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
 * Why leftovers are taken over: between a stopped run and its retry the steward may rename the
 * schema (the field group follows its name), and a search by the new title finds nothing; the
 * field group and schema the stopped run made for this file would stay behind as orphans next to
 * new copies. So a field group or schema made by XDM Loader for this file (its description says
 * so), of the proposal's class, that no dataset uses, is reused and replaced under the new names.
 */

export const creationSteps = ['namespace', 'fieldGroup', 'schema', 'descriptor', 'union', 'dataset'] as const;
export type CreationStepName = (typeof creationSteps)[number];

export interface CreationStep {
  step: CreationStepName;
  /** What the step is about, in words (`field group "customers: file columns"`). */
  what: string;
  /**
   * exists: found, left as it was; reused: made for this file by an earlier, stopped run under other
   * names, taken over and renamed; to-create and to-reuse: a dry run's plan; not-needed: nothing to
   * do (no custom columns); not-reached: an earlier step failed.
   */
  status: 'exists' | 'created' | 'reused' | 'to-create' | 'to-reuse' | 'failed' | 'not-reached' | 'not-needed';
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

type Outcome = { status: 'exists' | 'created' | 'reused' | 'to-reuse' | 'not-needed'; id?: string; what?: string };

export async function createTarget(
  client: PlatformClient,
  proposal: TargetProposal,
  options: { dryRun?: boolean; signal?: AbortSignal } = {},
): Promise<CreationReport> {
  const { signal } = options;
  const dryRun = options.dryRun === true;
  const state: { fieldGroupId: string | null; schemaId?: string; schemaTags: string[]; datasetId?: string } = { fieldGroupId: null, schemaTags: [] };
  const group = fieldGroupRequest(proposal);
  const leftovers = leftoversOf(client, proposal, signal);
  const fieldGroupWhat = proposal.customFieldGroup ? `field group "${proposal.customFieldGroup.title}"` : 'custom field group';
  const schemaWhat = `schema "${proposal.schemaTitle}" (${proposal.class.choice === 'event' ? 'XDM ExperienceEvent' : 'XDM Individual Profile'})`;

  const actions: Record<CreationStepName, { what: string; run(create: boolean): Promise<Outcome | null> }> = {
    namespace: {
      what: `identity namespace ${proposal.identity.namespace}`,
      async run(create) {
        const code = proposal.identity.namespace.toLowerCase();
        const found = (await listNamespaces(client, signal)).find((n) => n.code.toLowerCase() === code);
        if (found) return { status: 'exists', id: found.code };
        if (!create) return null;
        const made = await createNamespace(
          client,
          {
            code: proposal.identity.namespace,
            name: proposal.identity.namespace,
            idType: 'CROSS_DEVICE',
            description: `Created by XDM Loader for ${proposal.fileName}.`,
          },
          signal,
        );
        return { status: 'created', id: made.code };
      },
    },
    fieldGroup: {
      what: fieldGroupWhat,
      async run(create) {
        if (!group || !proposal.customFieldGroup) return { status: 'not-needed' };
        const title = proposal.customFieldGroup.title;
        const groups = await listFieldGroups(client, { signal });
        const found = groups.find((g) => g.title === title);
        if (found) return keep(found.$id, (id) => (state.fieldGroupId = id), 'exists');
        const leftover = await leftovers.fieldGroup(groups);
        if (leftover) {
          if (!create)
            return { status: 'to-reuse', id: leftover.$id, what: `${fieldGroupWhat}, taking over "${leftover.title ?? leftover.$id}" left by an earlier run` };
          await replaceResource(client, 'fieldgroups', leftover.$id, group, signal);
          return {
            ...keep(leftover.$id, (id) => (state.fieldGroupId = id), 'reused'),
            what: `${fieldGroupWhat}, renamed from "${leftover.title ?? leftover.$id}" left by an earlier run`,
          };
        }
        if (!create) return null;
        return keep((await createFieldGroup(client, group, signal)).$id, (id) => (state.fieldGroupId = id), 'created');
      },
    },
    schema: {
      what: schemaWhat,
      async run(create) {
        const found = (await listSchemas(client, { signal })).find((s) => s.title === proposal.schemaTitle);
        if (found) {
          if (found['meta:class'] !== undefined && found['meta:class'] !== proposal.class.id) {
            throw new AppError(
              'CONFLICT',
              `The sandbox already has a schema "${proposal.schemaTitle}" of another class (${found['meta:class']}); choose another --name.`,
            );
          }
          // A schema of that title that does not hold the proposal's field groups is someone else's: the mapping would not fit it.
          const wanted = [...proposal.standardFieldGroups, ...(state.fieldGroupId ? [state.fieldGroupId] : [])];
          const lacking = found['meta:extends'] ? wanted.filter((id) => !found['meta:extends']?.includes(id)) : [];
          if (lacking.length > 0) {
            throw new AppError(
              'CONFLICT',
              `The sandbox already has a schema "${proposal.schemaTitle}" without the field group(s) ${lacking.join(', ')}; choose another --name.`,
            );
          }
          state.schemaTags = found['meta:immutableTags'] ?? [];
          return keep(found.$id, (id) => (state.schemaId = id), 'exists');
        }
        const leftover = await leftovers.schema();
        if (leftover) {
          if (!create)
            return { status: 'to-reuse', id: leftover.$id, what: `${schemaWhat}, taking over "${leftover.title ?? leftover.$id}" left by an earlier run` };
          if (group && state.fieldGroupId === null) return null;
          await replaceResource(client, 'schemas', leftover.$id, schemaRequest(proposal, state.fieldGroupId), signal);
          state.schemaTags = leftover['meta:immutableTags'] ?? [];
          return {
            ...keep(leftover.$id, (id) => (state.schemaId = id), 'reused'),
            what: `${schemaWhat}, renamed from "${leftover.title ?? leftover.$id}" left by an earlier run`,
          };
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
        const made = await createIdentityDescriptor(
          client,
          { schemaId, path: identityPointer(proposal), namespace: proposal.identity.namespace, primary: true },
          signal,
        );
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
        const id = await createDataset(
          client,
          { name: proposal.dataset.name, schemaId, description: `Created by XDM Loader for ${proposal.fileName}.`, profile: true },
          signal,
        );
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
      steps.push({
        step,
        what,
        status: 'failed',
        error: isAppError(error) ? error.toShape() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
      });
    }
  }
  const complete = steps.every((s) => s.status === 'exists' || s.status === 'created' || s.status === 'reused' || s.status === 'not-needed');
  return {
    dryRun,
    complete,
    steps,
    ...(state.schemaId !== undefined ? { schemaId: state.schemaId, mapping: proposalMapping(proposal, state.schemaId) } : {}),
    ...(state.datasetId !== undefined ? { datasetId: state.datasetId } : {}),
  };
}

/**
 * What an earlier, stopped run made for this file and left unused: a field group or schema whose
 * description is the one this proposal would write (same file, made by XDM Loader), of the same
 * class, that no dataset uses (a schema) or that only such schemas use (a field group). Read once, on
 * the first step that looks.
 */
function leftoversOf(client: PlatformClient, proposal: TargetProposal, signal: AbortSignal | undefined) {
  const fieldGroupDescription = fieldGroupRequest(proposal)?.description;
  const schemaDescription = schemaRequest(proposal, null).description;
  let schemas: Promise<SchemaListItem[]> | null = null;
  const leftoverSchemas = (): Promise<SchemaListItem[]> =>
    (schemas ??= Promise.all([listSchemas(client, { signal }), listDatasets(client, signal ? { signal } : {})]).then(([all, datasets]) => {
      const used = new Set(datasets.map((d) => d.schemaId));
      return all.filter((s) => s.description === schemaDescription && s['meta:class'] === proposal.class.id && !used.has(s.$id));
    }));
  return {
    async fieldGroup(groups: readonly SchemaListItem[]): Promise<SchemaListItem | undefined> {
      if (fieldGroupDescription === undefined) return undefined;
      const candidates = groups.filter((g) => g.description === fieldGroupDescription && intendedFor(g, proposal.class.id));
      if (candidates.length === 0) return undefined;
      const [all, left] = await Promise.all([listSchemas(client, { signal }), leftoverSchemas()]);
      const leftIds = new Set(left.map((s) => s.$id));
      return candidates.find((g) => all.every((s) => leftIds.has(s.$id) || !(s['meta:extends'] ?? []).includes(g.$id)));
    },
    async schema(): Promise<SchemaListItem | undefined> {
      return (await leftoverSchemas())[0];
    },
  };
}

function intendedFor(group: SchemaListItem, classId: string): boolean {
  const intended = group['meta:intendedToExtend'];
  return Array.isArray(intended) && intended.includes(classId);
}

function keep(id: string, store: (id: string) => void, status: 'exists' | 'created' | 'reused'): Outcome {
  store(id);
  return { status, id };
}

/** A failed run in words: what exists now, what does not, and that running again goes on from there. */
export function describeIncomplete(report: CreationReport): string {
  const done = report.steps.filter((s) => s.status === 'exists' || s.status === 'created' || s.status === 'reused').map((s) => s.what);
  const failed = report.steps.find((s) => s.status === 'failed');
  const missing = report.steps.filter((s) => s.status === 'failed' || s.status === 'not-reached').map((s) => s.what);
  return [
    failed ? `Creating the ${failed.what} failed: ${failed.error?.message ?? 'unknown error'}` : 'The target is not complete.',
    `In the sandbox now: ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
    `Not created: ${missing.join('; ')}.`,
    'Run the same command again to go on from there; what exists is found, not created twice.',
  ].join(' ');
}
