import { useEffect } from 'react';
import { connectionsSelectors } from '../../state/connections-slice';
import { useAppStore, useAppStoreApi } from '../../state/store-context';

/**
 * Loads the active connection's datasets (through the Targets slice) when they are not shown yet.
 * Why reuse the Targets slice: the Upload step and the Targets screen show the same list, and a
 * dataset enabled from either is then enabled in both.
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
