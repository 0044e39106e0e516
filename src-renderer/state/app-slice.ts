import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { AppInfo, XdmBridge } from '../../src-shared/ipc/contract';
import type { AppState } from './app-state';
import { bridgeFailure } from './bridge-errors';

export interface AppSliceState {
  /** Name, version and mode of the running app; null until `app.info` answers. */
  info: AppInfo | null;
  infoError: AppErrorShape | null;
}

export interface AppSlice {
  app: AppSliceState;
  /** Asks main who it is (name, version, Electron or browser mode). */
  loadAppInfo(): Promise<void>;
  /**
   * Loads the app info and starts listening to main's events; returns the unsubscribe.
   * Why an action rather than work in `createAppStore`: a store made in a test or rendered
   * twice by React's StrictMode must not hold a listener nobody can remove.
   */
  connect(): () => void;
}

/**
 * The session slice: who the app is and the wiring to main's event stream.
 * Why events are routed here: one subscription per store, whatever screen is shown, so an
 * event is never lost because the screen that cares about it is not mounted.
 */
export const createAppSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], AppSlice> =>
  (set, get) => ({
    app: { info: null, infoError: null },

    async loadAppInfo() {
      try {
        const reply = await bridge.request('app.info', {});
        set({ app: reply.ok ? { info: reply.value, infoError: null } : { info: null, infoError: reply.error } });
      } catch (error) {
        set({ app: { info: null, infoError: bridgeFailure(error) } });
      }
    },

    connect() {
      const unsubscribe = bridge.onEvent((event) => {
        switch (event.type) {
          case 'file.opened':
            void get().inspectFile(event.file);
            break;
          case 'job':
            // One family for every job; its kind says which slice follows it.
            if (event.kind === 'prepare') get().applyJobEvent(event);
            else if (event.kind === 'upload') get().applyUploadEvent(event);
            else if (event.kind === 'propose') get().applyProposeEvent(event);
            else get().applyStreamEvent(event);
            break;
        }
      });
      void get().loadAppInfo();
      return unsubscribe;
    },
  });

/** Reads of the app slice, shared by components and tests. */
export const appSelectors = {
  info: (state: AppState) => state.app.info,
  name: (state: AppState) => state.app.info?.name ?? 'XDM Loader',
  mode: (state: AppState) => state.app.info?.mode ?? null,
  version: (state: AppState) => state.app.info?.version ?? null,
  infoError: (state: AppState) => state.app.infoError,
};
