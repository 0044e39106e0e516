import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { WindowDropTarget } from '../components/window-drop-target';
import { ThemeProvider } from '../features/settings/theme-provider';
import { ServerStateProvider } from '../queries/server-context';
import type { AppStore } from '../state/app-store';
import type { DraftKeeper } from '../state/draft-keeper';
import { DraftKeeperProvider } from '../state/draft-keeper-context';
import { AppStoreProvider } from '../state/store-context';
import { AppShell } from './app-shell';

/**
 * The renderer's root: the server-state cache, the Spectrum theme the steward chose (Settings),
 * the store, the shell, and the window-wide drop target.
 * Why the drop target here: a file can be dropped on any part of the window, whatever screen
 * is shown; dropping a file always means "prepare this one".
 */
export function AppRoot({ store, bridge, queryClient, drafts }: { store: AppStore; bridge: XdmBridge; queryClient: QueryClient; drafts: DraftKeeper }) {
  useEffect(() => store.getState().connect(), [store]);
  return (
    <ServerStateProvider bridge={bridge} client={queryClient}>
      <ThemeProvider>
        <AppStoreProvider store={store}>
          <DraftKeeperProvider keeper={drafts}>
            <AppShell />
            <WindowDropTarget onFile={(file) => void store.getState().openFile(file)} />
          </DraftKeeperProvider>
        </AppStoreProvider>
      </ThemeProvider>
    </ServerStateProvider>
  );
}
