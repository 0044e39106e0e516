import { defaultTheme, Provider } from '@adobe/react-spectrum';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { WindowDropTarget } from '../components/window-drop-target';
import { ServerStateProvider } from '../queries/server-context';
import type { AppStore } from '../state/app-store';
import { AppStoreProvider } from '../state/store-context';
import { AppShell } from './app-shell';

/**
 * The renderer's root: Spectrum theme, the server-state cache, the store, the shell, and the
 * window-wide drop target.
 * Why no colorScheme: the Provider then follows the system's light or dark setting live.
 * Why the drop target here: a file can be dropped on any part of the window, whatever screen
 * is shown; dropping a file always means "prepare this one".
 */
export function AppRoot({ store, bridge, queryClient }: { store: AppStore; bridge: XdmBridge; queryClient: QueryClient }) {
  useEffect(() => store.getState().connect(), [store]);
  return (
    <Provider theme={defaultTheme} locale="en-US" height="100%">
      <ServerStateProvider bridge={bridge} client={queryClient}>
        <AppStoreProvider store={store}>
          <AppShell />
          <WindowDropTarget onFile={(file) => void store.getState().openFile(file)} />
        </AppStoreProvider>
      </ServerStateProvider>
    </Provider>
  );
}
