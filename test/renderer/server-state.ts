import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { PreflightReportShape } from '../../src-shared/ipc/requests/jobs';
import { createQueryClient } from '../../src-renderer/queries/query-client';
import type { serverKeys } from '../../src-renderer/queries/keys';
import { serverQueries } from '../../src-renderer/queries/server-queries';
import { idlePreflight, type PreflightView, preflightQueryOf, preflightSeen } from '../../src-renderer/queries/preflight';
import { activeConnectionId } from '../../src-renderer/queries/server-cache';
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

/** The draft's preflight as the Upload step shows it (idle without a draft). */
export function draftPreflight(store: AppStore): PreflightView {
  const { client } = wired(store);
  const draft = store.getState().uploads.draft;
  return draft ? preflightSeen(client, draft, activeConnectionId(client)) : idlePreflight;
}

/**
 * Puts the Upload step on screen: an observer of the draft's preflight query, following the draft
 * as the step's `useQuery` does (its key changes with the dataset and the Profile choice).
 * Why tests need it: an invalidated preflight runs again only while a screen observes it.
 * Returns the function that takes the step off screen.
 */
export function showUploadStep(store: AppStore): () => void {
  const { bridge, client } = wired(store);
  type Observer = QueryObserver<PreflightReportShape, Error, PreflightReportShape, PreflightReportShape, ReturnType<typeof serverKeys.preflight>>;
  let observing: { observer: Observer; stop: () => void } | null = null;
  const follow = (): void => {
    const draft = store.getState().uploads.draft;
    const query = draft ? preflightQueryOf(bridge, draft, activeConnectionId(client)) : null;
    if (!query) return;
    if (observing) observing.observer.setOptions(query);
    else {
      const observer: Observer = new QueryObserver(client, query);
      observing = { observer, stop: observer.subscribe(() => undefined) };
    }
  };
  follow();
  const stopFollowing = store.subscribe(follow);
  return () => {
    stopFollowing();
    observing?.stop();
  };
}
