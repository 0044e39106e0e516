import { queryOptions } from '@tanstack/react-query';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { ask } from './request';
import { type BatchPage, type PreflightKey, serverKeys } from './keys';

/** Events shown on the profile timeline: the latest ones; Profile keeps the rest. */
export const PROFILE_EVENTS_SHOWN = 50;
/** Failed records read back into the window; the files in main's folder hold all of them. */
export const FAILED_RECORDS_SHOWN = 200;
/** Batches a page of the Batches screen lists. */
export const BATCHES_PER_PAGE = 20;
/** Uploads the Jobs screen's history lists (the journals keep them all). */
const HISTORY_SHOWN = 50;

/**
 * Every read of main's server state, as TanStack Query options: one key, one request.
 * Why factories of the bridge: the same options serve `useQuery` in the window and
 * `fetchQuery`/`getQueryData` in the stores and in Node tests, over a real or a fake bridge.
 * Each one names its connection: a request without one would follow main's active connection,
 * and its answer could land under the key of another.
 */
export const serverQueries = {
  settings: (bridge: XdmBridge) => queryOptions({ queryKey: serverKeys.settings(), queryFn: () => ask(bridge, 'settings.get', {}), staleTime: Infinity }),
  connections: (bridge: XdmBridge) => queryOptions({ queryKey: serverKeys.connections(), queryFn: () => ask(bridge, 'connections.list', {}) }),
  schemas: (bridge: XdmBridge, connectionId: string) =>
    queryOptions({ queryKey: serverKeys.schemas(connectionId), queryFn: () => ask(bridge, 'schemas.list', { connectionId }) }),
  datasets: (bridge: XdmBridge, connectionId: string) =>
    queryOptions({ queryKey: serverKeys.datasets(connectionId), queryFn: () => ask(bridge, 'datasets.list', { connectionId }) }),
  namespaces: (bridge: XdmBridge, connectionId: string) =>
    queryOptions({ queryKey: serverKeys.namespaces(connectionId), queryFn: () => ask(bridge, 'identity.namespaces', { connectionId }) }),
  batches: (bridge: XdmBridge, connectionId: string, datasetId: string, page: BatchPage = { filter: {}, start: 0 }) =>
    queryOptions({
      queryKey: serverKeys.batchPage(connectionId, datasetId, page),
      queryFn: () => ask(bridge, 'batches.list', { connectionId, datasetId, ...page.filter, start: page.start, limit: BATCHES_PER_PAGE }),
    }),
  batch: (bridge: XdmBridge, connectionId: string, batchId: string) =>
    queryOptions({ queryKey: serverKeys.batch(connectionId, batchId), queryFn: () => ask(bridge, 'batches.get', { connectionId, batchId }) }),
  failedRecords: (bridge: XdmBridge, connectionId: string, batchId: string) =>
    queryOptions({
      queryKey: serverKeys.failedRecords(connectionId, batchId),
      queryFn: () => ask(bridge, 'batches.failedRecords', { connectionId, batchId, limit: FAILED_RECORDS_SHOWN }),
      // Downloaded into main's folder once; asked again only by "Download again".
      staleTime: Infinity,
    }),
  profile: (bridge: XdmBridge, connectionId: string, namespace: string, id: string) =>
    queryOptions({ queryKey: serverKeys.profile(connectionId, namespace, id), queryFn: () => ask(bridge, 'entities.lookup', { connectionId, namespace, id }) }),
  profileEvents: (bridge: XdmBridge, connectionId: string, namespace: string, id: string) =>
    queryOptions({
      queryKey: serverKeys.profileEvents(connectionId, namespace, id),
      queryFn: () => ask(bridge, 'entities.events', { connectionId, namespace, id, limit: PROFILE_EVENTS_SHOWN }),
    }),
  preflight: (bridge: XdmBridge, connectionId: string, check: PreflightKey) =>
    queryOptions({
      queryKey: serverKeys.preflight(connectionId, check),
      queryFn: () =>
        ask(bridge, 'jobs.preflight', {
          connectionId,
          datasetId: check.datasetId,
          source: check.source,
          profile: check.profile,
          ...(check.schemaId ? { schemaId: check.schemaId } : {}),
        }),
      // Preflight first runs when the steward asks (it reads the file and asks several services);
      // once it has answered, a write that changes what it checked (a fix, a dataset enabled for
      // Profile, records sent) invalidates it and the Upload step's query runs it again.
      enabled: (query) => query.isFetched(),
      staleTime: Infinity,
      // Kept while the window lives, observed or not: a steward who leaves the Upload step and
      // comes back after lunch finds the verdict (and what a fix changed) where it was, instead of
      // TanStack's default of dropping it 5 minutes after the step left the screen. What makes it
      // wrong is said by writes (invalidate.targets, .preflights: run again when next observed), and
      // a new upload draft drops every earlier one (forgetPreflights), so answers do not pile up.
      gcTime: Infinity,
    }),
  // Asked each time the connection form opens (use-server-state.ts): a keychain may be unlocked or started meanwhile.
  keychain: (bridge: XdmBridge) => queryOptions({ queryKey: serverKeys.keychain(), queryFn: () => ask(bridge, 'credentials.keychain', {}) }),
  uploadHistory: (bridge: XdmBridge) =>
    queryOptions({ queryKey: serverKeys.uploadHistory(), queryFn: () => ask(bridge, 'uploads.list', { limit: HISTORY_SHOWN }) }),
};
