import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';

const StoreContext = createContext<AppStore | null>(null);

/** Makes one vanilla store available to the components below. */
export function AppStoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for actions and effects. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs an <AppStoreProvider> above it.');
  return store;
}

/**
 * Reads one value of the store and re-renders when it changes.
 * Selectors that build new arrays must be wrapped in `useShallow`.
 */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
