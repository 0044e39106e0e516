import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DraftKeeper, DraftKeeperState } from './draft-keeper';

const DraftKeeperContext = createContext<DraftKeeper | null>(null);

/** Makes the window's one draft keeper available to the Prepare screen. */
export function DraftKeeperProvider({ keeper, children }: { keeper: DraftKeeper; children: ReactNode }) {
  return <DraftKeeperContext.Provider value={keeper}>{children}</DraftKeeperContext.Provider>;
}

/** The keeper itself, for its actions. */
export function useDraftKeeper(): DraftKeeper {
  const keeper = useContext(DraftKeeperContext);
  if (!keeper) throw new Error('useDraftKeeper needs a <DraftKeeperProvider> above it.');
  return keeper;
}

/** Reads one value of the keeper's state and re-renders when it changes. */
export function useDraftKeeperState<T>(selector: (state: DraftKeeperState) => T): T {
  return useStore(useDraftKeeper().state, selector);
}
