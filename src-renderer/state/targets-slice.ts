import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import {
  type DatasetSummary,
  type IdentityDescriptorSummary,
  type SchemaSummary,
  XDM_EXPERIENCE_EVENT_CLASS,
  XDM_PROFILE_CLASS,
} from '../../src-shared/platform/targets';
import type { AppState } from './app-state';
import type { LoadStatus } from './connections-slice';
import { bridgeFailure } from './bridge-errors';

export interface NewDatasetInput {
  schemaId: string;
  name: string;
  description?: string;
  /** Enable for Profile and Identity at creation. */
  profile: boolean;
}

export type TargetResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export interface TargetsSliceState {
  /** The connection the lists below belong to; null before the first load. */
  connectionId: string | null;
  status: LoadStatus;
  schemas: SchemaSummary[];
  datasets: DatasetSummary[];
  error: AppErrorShape | null;
  /** Schemas and datasets with a change in flight, keyed `schema:<id>` / `dataset:<id>`. */
  pending: Record<string, 'enabling'>;
}

export interface TargetsSlice {
  targets: TargetsSliceState;
  /** Lists schemas and datasets of a connection (the active one by default). */
  loadTargets(connectionId?: string): Promise<void>;
  enableSchemaForProfile(schemaId: string): Promise<TargetResult<SchemaSummary>>;
  enableDatasetForProfile(datasetId: string): Promise<TargetResult<DatasetSummary>>;
  createDataset(input: NewDatasetInput): Promise<TargetResult<DatasetSummary>>;
}

const initial: TargetsSliceState = { connectionId: null, status: 'idle', schemas: [], datasets: [], error: null, pending: {} };

/**
 * The Targets slice: what data can be loaded into on one connection, and the changes made to it.
 * Why the lists are keyed by connection and loads counted: the active connection can change while
 * a slow sandbox still answers for the previous one; only the latest answer may be shown, and a
 * change made on one connection never lands in another's lists.
 */
export const createTargetsSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], TargetsSlice> =>
  (set, get) => {
    let loading = 0;
    const patch = (next: Partial<TargetsSliceState>) => set((state) => ({ targets: { ...state.targets, ...next } }));
    const setPending = (key: string, on: boolean) =>
      set((state) => {
        const pending = { ...state.targets.pending };
        if (on) pending[key] = 'enabling';
        else delete pending[key];
        return { targets: { ...state.targets, pending } };
      });
    /** The connection changes are made on: the one whose lists are shown. */
    const current = (): string | undefined => get().targets.connectionId ?? get().connections.activeId ?? undefined;

    async function call<T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: AppErrorShape }>): Promise<TargetResult<T>> {
      try {
        const reply = await run();
        return reply.ok ? { ok: true, value: reply.value } : { ok: false, error: reply.error };
      } catch (error) {
        return { ok: false, error: bridgeFailure(error) };
      }
    }

    function replaceSchema(connectionId: string | undefined, schema: SchemaSummary): void {
      if (get().targets.connectionId !== (connectionId ?? null)) return;
      patch({ schemas: get().targets.schemas.map((s) => (s.id === schema.id ? schema : s)) });
    }
    function upsertDataset(connectionId: string | undefined, dataset: DatasetSummary): void {
      if (get().targets.connectionId !== (connectionId ?? null)) return;
      const datasets = get().targets.datasets;
      patch({ datasets: datasets.some((d) => d.id === dataset.id) ? datasets.map((d) => (d.id === dataset.id ? dataset : d)) : [dataset, ...datasets] });
    }

    return {
      targets: initial,

      async loadTargets(connectionId) {
        const id = ++loading;
        const target = connectionId ?? get().connections.activeId ?? undefined;
        const keep = get().targets.connectionId === (target ?? null);
        patch({ connectionId: target ?? null, status: 'loading', error: null, ...(keep ? {} : { schemas: [], datasets: [] }) });
        const input = target !== undefined ? { connectionId: target } : {};
        try {
          const [schemas, datasets] = await Promise.all([bridge.request('schemas.list', input), bridge.request('datasets.list', input)]);
          if (id !== loading) return;
          if (!schemas.ok) patch({ status: 'error', error: schemas.error, schemas: [], datasets: [] });
          else if (!datasets.ok) patch({ status: 'error', error: datasets.error, schemas: [], datasets: [] });
          else patch({ status: 'ready', schemas: schemas.value, datasets: datasets.value });
        } catch (error) {
          if (id === loading) patch({ status: 'error', error: bridgeFailure(error) });
        }
      },

      async enableSchemaForProfile(schemaId) {
        const connectionId = current();
        const key = `schema:${schemaId}`;
        setPending(key, true);
        const result = await call(() => bridge.request('schemas.enableForProfile', { schemaId, ...(connectionId ? { connectionId } : {}) }));
        setPending(key, false);
        if (result.ok) replaceSchema(connectionId, result.value);
        return result;
      },

      async enableDatasetForProfile(datasetId) {
        const connectionId = current();
        const key = `dataset:${datasetId}`;
        setPending(key, true);
        const result = await call(() => bridge.request('datasets.enableForProfile', { datasetId, ...(connectionId ? { connectionId } : {}) }));
        setPending(key, false);
        if (result.ok) upsertDataset(connectionId, result.value);
        return result;
      },

      async createDataset(input) {
        const connectionId = current();
        const result = await call(() =>
          bridge.request('datasets.create', {
            schemaId: input.schemaId,
            name: input.name,
            profile: input.profile,
            ...(input.description ? { description: input.description } : {}),
            ...(connectionId ? { connectionId } : {}),
          }),
        );
        if (result.ok) upsertDataset(connectionId, result.value);
        return result;
      },
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
  status: (state: AppState) => state.targets.status,
  error: (state: AppState) => state.targets.error,
  connectionId: (state: AppState) => state.targets.connectionId,
  schemas: (state: AppState) => state.targets.schemas,
  datasets: (state: AppState) => state.targets.datasets,
  isPending: (key: string) => (state: AppState) => state.targets.pending[key] !== undefined,
};

/** Whether "Enable for Profile" can be offered: only the Profile and ExperienceEvent classes feed Profile. */
export function canEnableSchema(schema: SchemaSummary): boolean {
  return !schema.profileEnabled && classOf(schema.classId) !== 'other';
}
