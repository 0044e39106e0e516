import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { ServerStateProvider } from '../../src-renderer/queries/server-context';
import type { AppStore } from '../../src-renderer/state/app-store';
import { AppStoreProvider } from '../../src-renderer/state/store-context';
import { cacheOf } from './server-state';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface RenderedHook<T> {
  /** The hook's latest value. */
  current(): T;
  /** Lets queries answer and React re-render (until `done` holds, or a few rounds). */
  settle(done?: (value: T) => boolean): Promise<T>;
  unmount(): void;
}

/**
 * Renders a hook inside the providers the window has (query cache, bridge, store), in jsdom.
 * Why not a testing library: one hook, its value, and `act` is all these tests need.
 */
export async function renderHook<T>(hook: () => T, store: AppStore, bridge: XdmBridge): Promise<RenderedHook<T>> {
  let value: T | undefined;
  let rendered = false;
  function Probe(): ReactNode {
    value = hook();
    rendered = true;
    return null;
  }
  const container = document.createElement('div');
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <ServerStateProvider bridge={bridge} client={cacheOf(store)}>
        <AppStoreProvider store={store}>
          <Probe />
        </AppStoreProvider>
      </ServerStateProvider>,
    );
  });
  const current = (): T => {
    if (!rendered) throw new Error('The hook has not rendered.');
    return value as T;
  };
  return {
    current,
    async settle(done = () => false) {
      for (let round = 0; round < 20 && !done(current()); round++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 5)));
      return current();
    },
    unmount: () => void act(() => root.unmount()),
  };
}
