import type { QueryClient } from '@tanstack/react-query';
import type { RequestOutput } from '../../src-shared/ipc/contract';
import type { ConnectionView } from '../../src-shared/platform/connection';
import { serverKeys } from './keys';

/**
 * What the stores read of the cache and what they mark stale after a write.
 * Why named invalidations: each write says what it changed in one word ("a dataset of this
 * connection", "an upload"), and the keys that depend on it are listed here once.
 */

/** The connections and the active one, as main last said; none while the list is not read. */
export function connectionsSeen(client: QueryClient): { activeId: string | null; views: readonly ConnectionView[] } {
  const list = client.getQueryData<RequestOutput<'connections.list'>>(serverKeys.connections());
  return { activeId: list?.activeId ?? null, views: list?.connections ?? [] };
}

/** The active connection, as main last said; null while the list is not read. */
export function activeConnectionId(client: QueryClient): string | null {
  return connectionsSeen(client).activeId;
}

/** Whether a cached query is a preflight, of any connection. */
const isPreflight = (query: { queryKey: readonly unknown[] }): boolean => query.queryKey[0] === 'connection' && query.queryKey[2] === 'preflight';

/**
 * Drops every preflight answer: a new upload draft starts unchecked, and the answers of the one
 * it replaces will never be shown again (the preflight query keeps its answers until then).
 */
export function forgetPreflights(client: QueryClient): void {
  client.removeQueries({ predicate: isPreflight });
}

export const invalidate = {
  /** The list of connections or the active one changed. */
  connections: (client: QueryClient) => client.invalidateQueries({ queryKey: serverKeys.connections() }),
  /** A connection was edited (maybe another sandbox) or removed: nothing read through it holds. */
  connection: (client: QueryClient, connectionId: string) => client.removeQueries({ queryKey: serverKeys.connection(connectionId) }),
  /** A schema or dataset changed: the lists, and every preflight that checked them. */
  targets: async (client: QueryClient, connectionId: string) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: serverKeys.schemas(connectionId) }),
      client.invalidateQueries({ queryKey: serverKeys.datasets(connectionId) }),
      client.invalidateQueries({ queryKey: serverKeys.allPreflights(connectionId) }),
    ]);
  },
  /** Records landed in a connection's datasets (every connection's when unknown): their batch lists. */
  batches: (client: QueryClient, connectionId: string | null) =>
    connectionId !== null
      ? client.invalidateQueries({ queryKey: serverKeys.allBatches(connectionId) })
      : client.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'connection' && query.queryKey[2] === 'batches' }),
  /**
   * Records were sent to a connection's datasets (every connection's when unknown): preflight
   * warns about records sent before, so a second upload of the same ones is told first.
   */
  preflights: (client: QueryClient, connectionId: string | null) =>
    connectionId !== null
      ? client.invalidateQueries({ queryKey: serverKeys.allPreflights(connectionId) })
      : client.invalidateQueries({ predicate: isPreflight }),
  /** An upload ended: this machine's journals, the batches it sent, and the preflights that may now warn of them. */
  upload: async (client: QueryClient, connectionId: string | null) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: serverKeys.uploadHistory() }),
      invalidate.batches(client, connectionId),
      invalidate.preflights(client, connectionId),
    ]);
  },
  /** The journals changed (an upload began or was resumed). */
  uploadHistory: (client: QueryClient) => client.invalidateQueries({ queryKey: serverKeys.uploadHistory() }),
};
