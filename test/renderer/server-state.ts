import type { QueryClient } from '@tanstack/react-query';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { createQueryClient } from '../../src-renderer/queries/query-client';
import { serverQueries } from '../../src-renderer/queries/server-queries';
import { createAppStore, type AppStore, type AppStoreOptions } from '../../src-renderer/state/app-store';

/**
 * A store with its query cache, for tests that read what the screens read.
 * Why reads go through `fetchQuery` with the screens' own query options: a screen's `useQuery`
 * reads the same key with the same function, so what a test sees is what the screen shows.
 */
interface Wired {
  bridge: XdmBridge;
  client: QueryClient;
}
const wiring = new WeakMap<AppStore, Wired>();

export function createTestStore(bridge: XdmBridge, options: Omit<AppStoreOptions, 'queryClient'> = {}): AppStore {
  const client = createQueryClient();
  const store = createAppStore(bridge, { ...options, queryClient: client });
  wiring.set(store, { bridge, client });
  return store;
}

function wired(store: AppStore): Wired {
  const found = wiring.get(store);
  if (!found) throw new Error('The store was not made by createTestStore.');
  return found;
}

/** The query cache of a store made by `createTestStore`. */
export function cacheOf(store: AppStore): QueryClient {
  return wired(store).client;
}

/** Reads the connections as the header does (the active one becomes known to the stores). */
export function loadConnections(store: AppStore) {
  const { bridge, client } = wired(store);
  return client.fetchQuery(serverQueries.connections(bridge));
}

/** Reads a connection's schemas and datasets as the Targets screen does. */
export async function loadTargets(store: AppStore, connectionId: string) {
  const { bridge, client } = wired(store);
  const [schemas, datasets] = await Promise.all([
    client.fetchQuery(serverQueries.schemas(bridge, connectionId)),
    client.fetchQuery(serverQueries.datasets(bridge, connectionId)),
  ]);
  return { schemas, datasets };
}

/** Reads this machine's upload history as the Jobs screen does. */
export function loadUploadHistory(store: AppStore) {
  const { bridge, client } = wired(store);
  return client.fetchQuery({ ...serverQueries.uploadHistory(bridge), staleTime: 0 });
}
