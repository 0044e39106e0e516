import type { BatchFilter } from '../../src-shared/ipc/requests/batches';
import type { IngestSource } from '../../src-shared/ipc/requests/upload-shapes';

/**
 * The query keys of the renderer's server state.
 * Why everything AEP holds sits under `['connection', id]`: two connections (or one edited to
 * another sandbox) never share an entry, and one `invalidateQueries` on that prefix forgets a
 * connection's whole cache when it is saved or removed. The upload history is this machine's
 * journals, whatever the connection, so it has its own root.
 */
export const serverKeys = {
  connections: () => ['connections'] as const,
  connection: (connectionId: string) => ['connection', connectionId] as const,
  schemas: (connectionId: string) => ['connection', connectionId, 'schemas'] as const,
  datasets: (connectionId: string) => ['connection', connectionId, 'datasets'] as const,
  namespaces: (connectionId: string) => ['connection', connectionId, 'namespaces'] as const,
  /** Every batch list of a connection (a prefix); `batches(c, datasetId)` is one dataset's. */
  allBatches: (connectionId: string) => ['connection', connectionId, 'batches'] as const,
  batches: (connectionId: string, datasetId: string) => ['connection', connectionId, 'batches', datasetId] as const,
  /** One page of a dataset's batches, filtered (the Batches screen's date range and status). */
  batchPage: (connectionId: string, datasetId: string, page: BatchPage) => ['connection', connectionId, 'batches', datasetId, page] as const,
  batch: (connectionId: string, batchId: string) => ['connection', connectionId, 'batch', batchId] as const,
  failedRecords: (connectionId: string, batchId: string) => ['connection', connectionId, 'failed-records', batchId] as const,
  profile: (connectionId: string, namespace: string, id: string) => ['connection', connectionId, 'profile', namespace, id] as const,
  profileEvents: (connectionId: string, namespace: string, id: string) => ['connection', connectionId, 'profile-events', namespace, id] as const,
  /** Every preflight of a connection (a prefix): a fix or a new dataset changes what they check. */
  allPreflights: (connectionId: string) => ['connection', connectionId, 'preflight'] as const,
  preflight: (connectionId: string, check: PreflightKey) => ['connection', connectionId, 'preflight', check] as const,
  uploadHistory: () => ['uploads'] as const,
  /** Whether this computer's keychain answers (main's, whatever the connection). */
  keychain: () => ['keychain'] as const,
  /** The Settings screen's choices (main's, whatever the connection). */
  settings: () => ['settings'] as const,
};

/** Which batches of a dataset a list shows: Catalog's filters, and how many of the newest to skip. */
export interface BatchPage {
  filter: BatchFilter;
  start: number;
}

/** What a preflight checks: its answer is about these, and nothing else. */
export interface PreflightKey {
  datasetId: string;
  source: IngestSource;
  profile: boolean;
  schemaId: string | null;
}
