import type { StateCreator } from 'zustand/vanilla';
import {
  type DatasetSummary,
  type IdentityDescriptorSummary,
  type SchemaSummary,
  XDM_EXPERIENCE_EVENT_CLASS,
  XDM_PROFILE_CLASS,
} from '../../src-shared/platform/targets';
import type { AppState } from './app-state';
import { serverKeys } from '../queries/keys';
import { ask, type Outcome, outcomeOf } from '../queries/request';
import { activeConnectionId, invalidate } from '../queries/server-cache';
import type { ServerAccess } from './server-access';

export interface NewDatasetInput {
  schemaId: string;
  name: string;
  description?: string;
  /** Enable for Profile and Identity at creation. */
  profile: boolean;
}

export type TargetResult<T> = Outcome<T>;

export interface TargetsSliceState {
  /** Schemas and datasets with a change in flight, keyed `schema:<id>` / `dataset:<id>`. */
  pending: Record<string, 'enabling'>;
}

export interface TargetsSlice {
  targets: TargetsSliceState;
  enableSchemaForProfile(schemaId: string): Promise<TargetResult<SchemaSummary>>;
  enableDatasetForProfile(datasetId: string): Promise<TargetResult<DatasetSummary>>;
  createDataset(input: NewDatasetInput): Promise<TargetResult<DatasetSummary>>;
}

/**
 * The Targets slice: the changes made to what data can be loaded into, on the active connection.
 * The lists themselves are server state (`useTargets`); each change writes its answer into the
 * connection's list at once and marks the lists (and the preflights that checked them) stale.
 * Why by connection: a change made on one connection never lands in another's lists.
 */
export const createTargetsSlice =
  ({ bridge, client }: ServerAccess): StateCreator<AppState, [], [], TargetsSlice> =>
  (set) => {
    const setPending = (key: string, on: boolean) =>
      set((state) => {
        const pending = { ...state.targets.pending };
        if (on) pending[key] = 'enabling';
        else delete pending[key];
        return { targets: { ...state.targets, pending } };
      });

    /** Runs a change on the active connection, writes its answer into that connection's list, and marks the rest stale. */
    async function change<T extends { id: string }>(
      key: string | null,
      listKey: (connectionId: string) => readonly unknown[],
      run: (on: { connectionId?: string }) => Promise<T>,
    ): Promise<TargetResult<T>> {
      const connectionId = activeConnectionId(client);
      if (key) setPending(key, true);
      const result = await outcomeOf(() => run(connectionId !== null ? { connectionId } : {}));
      if (key) setPending(key, false);
      if (result.ok && connectionId !== null) {
        const changed = result.value;
        client.setQueryData<T[]>(listKey(connectionId), (list) =>
          list ? (list.some((x) => x.id === changed.id) ? list.map((x) => (x.id === changed.id ? changed : x)) : [changed, ...list]) : list,
        );
        await invalidate.targets(client, connectionId);
      }
      return result;
    }

    return {
      targets: { pending: {} },

      enableSchemaForProfile: (schemaId) =>
        change(`schema:${schemaId}`, serverKeys.schemas, (on) => ask(bridge, 'schemas.enableForProfile', { schemaId, ...on })),

      enableDatasetForProfile: (datasetId) =>
        change(`dataset:${datasetId}`, serverKeys.datasets, (on) => ask(bridge, 'datasets.enableForProfile', { datasetId, ...on })),

      createDataset: (input) =>
        change(null, serverKeys.datasets, (on) =>
          ask(bridge, 'datasets.create', {
            schemaId: input.schemaId,
            name: input.name,
            profile: input.profile,
            ...(input.description ? { description: input.description } : {}),
            ...on,
          }),
        ),
    };
  };

export type TargetClass = 'profile' | 'experience-event' | 'other';

/** Which of the two Profile classes a schema belongs to, if any. */
export function classOf(classId: string | undefined): TargetClass {
  if (classId === XDM_PROFILE_CLASS) return 'profile';
  if (classId === XDM_EXPERIENCE_EVENT_CLASS) return 'experience-event';
  return 'other';
}

export function classLabel(classId: string | undefined): string {
  const kind = classOf(classId);
  if (kind === 'profile') return 'Profile';
  if (kind === 'experience-event') return 'ExperienceEvent';
  return classId?.split('/').pop() ?? 'Unknown';
}

export function primaryIdentity(schema: SchemaSummary | undefined): IdentityDescriptorSummary | null {
  return schema?.identities.find((identity) => identity.primary) ?? null;
}

/** A dataset with the schema it was made from (when the sandbox still lists it). */
export interface DatasetRow {
  dataset: DatasetSummary;
  schema: SchemaSummary | undefined;
}

/**
 * Each dataset with its schema.
 * Why a function of the two lists and not a selector: it builds new row objects, so a component
 * derives it with useMemo from the (stable) lists instead of reading it from the store.
 */
export function datasetRowsOf(datasets: readonly DatasetSummary[], schemas: readonly SchemaSummary[]): DatasetRow[] {
  return datasets.map((dataset) => ({ dataset, schema: schemas.find((s) => s.id === dataset.schemaId) }));
}

/** Reads of the Targets slice, shared by components and tests. */
export const targetsSelectors = {
  isPending: (key: string) => (state: AppState) => state.targets.pending[key] !== undefined,
};

/** Whether "Enable for Profile" can be offered: only the Profile and ExperienceEvent classes feed Profile. */
export function canEnableSchema(schema: SchemaSummary): boolean {
  return !schema.profileEnabled && classOf(schema.classId) !== 'other';
}
