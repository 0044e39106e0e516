import { useEffect } from 'react';
import { connectionsSelectors } from '../state/connections-slice';
import { useAppStore, useAppStoreApi } from '../state/store-context';

/**
 * Loads the active connection's datasets (through the Targets slice) when they are not shown yet.
 * Also loads the connections when nothing has yet. Why reuse the Targets slice: the Upload step,
 * Jobs, Batches and Profiles show the same list as Targets (a picker, or names for ids), and a
 * dataset enabled from one screen is then enabled in all.
 */
export function useDatasetsOfActiveConnection(): void {
  const store = useAppStoreApi();
  const activeId = useAppStore(connectionsSelectors.activeId);
  useEffect(() => {
    if (store.getState().connections.status === 'idle') void store.getState().loadConnections();
  }, [store]);
  useEffect(() => {
    if (activeId === null) return;
    const { targets } = store.getState();
    if (targets.connectionId !== activeId || targets.status === 'idle') void store.getState().loadTargets(activeId);
  }, [store, activeId]);
}
