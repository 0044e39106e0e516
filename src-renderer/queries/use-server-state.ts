import { useQuery } from '@tanstack/react-query';
import type { ConnectionView } from '../../src-shared/platform/connection';
import type { DatasetSummary, SchemaSummary } from '../../src-shared/platform/targets';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { type LoadStatus, viewOf } from './load-status';
import { serverQueries } from './server-queries';
import { useBridge } from './server-context';

const noViews: ConnectionView[] = [];
const noSchemas: SchemaSummary[] = [];
const noDatasets: DatasetSummary[] = [];

/** The connections main knows and which one is active. */
export function useConnections() {
  const view = viewOf(useQuery(serverQueries.connections(useBridge())));
  const views = view.data?.connections ?? noViews;
  const activeId = view.data?.activeId ?? null;
  return { status: view.status, error: view.error, views, activeId, active: views.find((v) => v.connection.id === activeId) ?? null };
}

/** The active connection's id, or null while the list is not read (every connection-scoped query waits for it). */
export function useActiveConnectionId(): string | null {
  return useConnections().activeId;
}

export interface TargetsView {
  status: LoadStatus;
  error: AppErrorShape | null;
  schemas: SchemaSummary[];
  datasets: DatasetSummary[];
  /** Asks both lists again. */
  refresh(): void;
}

/**
 * A connection's schemas and datasets, read together: the Targets screen joins them (a dataset
 * with its schema), and the pickers of the other screens name datasets from them.
 */
export function useTargets(connectionId: string | null): TargetsView {
  const bridge = useBridge();
  const enabled = connectionId !== null;
  const schemasQuery = useQuery({ ...serverQueries.schemas(bridge, connectionId ?? ''), enabled });
  const datasetsQuery = useQuery({ ...serverQueries.datasets(bridge, connectionId ?? ''), enabled });
  const schemas = viewOf(schemasQuery);
  const datasets = viewOf(datasetsQuery);
  const status: LoadStatus =
    schemas.status === 'loading' || datasets.status === 'loading'
      ? 'loading'
      : schemas.status === 'error' || datasets.status === 'error'
        ? 'error'
        : schemas.status === 'ready' && datasets.status === 'ready'
          ? 'ready'
          : 'idle';
  const error = schemas.error ?? datasets.error;
  return {
    status,
    error,
    schemas: error ? noSchemas : (schemas.data ?? noSchemas),
    datasets: error ? noDatasets : (datasets.data ?? noDatasets),
    refresh: () => {
      void schemasQuery.refetch();
      void datasetsQuery.refetch();
    },
  };
}

/** The active connection's datasets (pickers, and names for ids on the Jobs, Batches and Profiles screens). */
export function useActiveTargets(): TargetsView {
  return useTargets(useActiveConnectionId());
}

const noUploads: LocalUploadShape[] = [];

/**
 * This machine's upload journals (the Jobs screen's history), read again on every visit: the CLI
 * and earlier windows add to them.
 */
export function useUploadHistory() {
  const query = useQuery({ ...serverQueries.uploadHistory(useBridge()), refetchOnMount: 'always' });
  const view = viewOf(query);
  return { status: view.status, error: view.error, items: view.data ?? noUploads, refresh: () => void query.refetch() };
}

/**
 * Whether a client secret typed now could be saved in this computer's keychain, asked again each
 * time the connection form opens; `message` says why not (first line for the steward).
 */
export function useKeychain(): { available: boolean | null; message: string | null } {
  const view = viewOf(useQuery({ ...serverQueries.keychain(useBridge()), refetchOnMount: 'always' }));
  return { available: view.data?.available ?? null, message: view.data?.message ?? null };
}

/** The active connection's schemas alone (the Map step's picker), and why they are missing when they are. */
export function useActiveSchemas(): { schemas: SchemaSummary[]; error: AppErrorShape | null } {
  const activeId = useActiveConnectionId();
  const view = viewOf(useQuery({ ...serverQueries.schemas(useBridge(), activeId ?? ''), enabled: activeId !== null }));
  return { schemas: view.error ? noSchemas : (view.data ?? noSchemas), error: view.error };
}
