import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { RequestInput, XdmBridge } from '../../src-shared/ipc/contract';
import type { ConnectionView } from '../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../src-shared/platform/connection-test-report';
import type { AppState } from './app-state';
import { bridgeFailure } from './bridge-errors';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** The last "Test connection" of one connection: running, or its per-step report. */
export interface ConnectionTestState {
  status: 'running' | 'done';
  report: ConnectionTestReport | null;
  /** The request itself failed (unknown connection, app unreachable), not one of its steps. */
  error: AppErrorShape | null;
}

export interface ConnectionsSliceState {
  status: LoadStatus;
  views: ConnectionView[];
  activeId: string | null;
  error: AppErrorShape | null;
  tests: Record<string, ConnectionTestState>;
  /** Connections with a change in flight (made active, being removed). */
  busy: Record<string, 'activating' | 'removing'>;
  /** Why the last set-active or remove failed; shown above the list. */
  actionError: AppErrorShape | null;
}

export type SaveConnectionInput = RequestInput<'connections.save'>;
export type SaveConnectionResult = { ok: true; view: ConnectionView } | { ok: false; error: AppErrorShape };

export interface ConnectionsSlice {
  connections: ConnectionsSliceState;
  loadConnections(): Promise<void>;
  /** Adds (no id) or updates a connection, with an optional write-only secret; then lists again. */
  saveConnection(input: SaveConnectionInput): Promise<SaveConnectionResult>;
  removeConnection(id: string): Promise<boolean>;
  testConnection(id: string): Promise<void>;
  setActiveConnection(id: string): Promise<void>;
}

const initial: ConnectionsSliceState = { status: 'idle', views: [], activeId: null, error: null, tests: {}, busy: {}, actionError: null };

/**
 * The Connections slice: the list, the active connection, and the last test of each.
 * Why the test reports live here and not in the screen: the header and the Targets screen show
 * whether the active connection works, and a report survives switching screens.
 * No secret is ever held here: the renderer sends one on save and forgets it.
 */
export const createConnectionsSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], ConnectionsSlice> =>
  (set, get) => {
    let listing = 0;
    const patch = (next: Partial<ConnectionsSliceState>) => set((state) => ({ connections: { ...state.connections, ...next } }));
    const setBusy = (id: string, value: 'activating' | 'removing' | null) =>
      set((state) => {
        const busy = { ...state.connections.busy };
        if (value === null) delete busy[id];
        else busy[id] = value;
        return { connections: { ...state.connections, busy } };
      });
    const setTest = (id: string, value: ConnectionTestState | null) =>
      set((state) => {
        const tests = { ...state.connections.tests };
        if (value === null) delete tests[id];
        else tests[id] = value;
        return { connections: { ...state.connections, tests } };
      });

    return {
      connections: initial,

      async loadConnections() {
        const id = ++listing;
        patch({ status: 'loading', error: null });
        try {
          const reply = await bridge.request('connections.list', {});
          if (id !== listing) return;
          if (reply.ok) patch({ status: 'ready', views: reply.value.connections, activeId: reply.value.activeId });
          else patch({ status: 'error', error: reply.error });
        } catch (error) {
          if (id === listing) patch({ status: 'error', error: bridgeFailure(error) });
        }
      },

      async saveConnection(input) {
        let result: SaveConnectionResult;
        try {
          const reply = await bridge.request('connections.save', input);
          result = reply.ok ? { ok: true, view: reply.value } : { ok: false, error: reply.error };
        } catch (error) {
          result = { ok: false, error: bridgeFailure(error) };
        }
        if (result.ok) {
          // A report about the old fields or the old secret no longer says anything.
          setTest(result.view.connection.id, null);
          await get().loadConnections();
        }
        return result;
      },

      async removeConnection(id) {
        setBusy(id, 'removing');
        patch({ actionError: null });
        try {
          const reply = await bridge.request('connections.remove', { connectionId: id });
          if (!reply.ok) {
            patch({ actionError: reply.error });
            return false;
          }
          setTest(id, null);
          await get().loadConnections();
          return true;
        } catch (error) {
          patch({ actionError: bridgeFailure(error) });
          return false;
        } finally {
          setBusy(id, null);
        }
      },

      async testConnection(id) {
        setTest(id, { status: 'running', report: null, error: null });
        try {
          const reply = await bridge.request('connections.test', { connectionId: id });
          setTest(id, reply.ok ? { status: 'done', report: reply.value, error: null } : { status: 'done', report: null, error: reply.error });
        } catch (error) {
          setTest(id, { status: 'done', report: null, error: bridgeFailure(error) });
        }
      },

      async setActiveConnection(id) {
        setBusy(id, 'activating');
        patch({ actionError: null });
        try {
          const reply = await bridge.request('connections.setActive', { connectionId: id });
          if (reply.ok) patch({ activeId: reply.value.activeId });
          else patch({ actionError: reply.error });
        } catch (error) {
          patch({ actionError: bridgeFailure(error) });
        } finally {
          setBusy(id, null);
        }
      },
    };
  };

const noTest: ConnectionTestState | null = null;

/** Reads of the Connections slice, shared by components and tests. */
export const connectionsSelectors = {
  status: (state: AppState) => state.connections.status,
  views: (state: AppState) => state.connections.views,
  error: (state: AppState) => state.connections.error,
  actionError: (state: AppState) => state.connections.actionError,
  activeId: (state: AppState) => state.connections.activeId,
  active: (state: AppState): ConnectionView | null =>
    state.connections.views.find((view) => view.connection.id === state.connections.activeId) ?? null,
  byId: (id: string) => (state: AppState) => state.connections.views.find((view) => view.connection.id === id) ?? null,
  testOf: (id: string) => (state: AppState) => state.connections.tests[id] ?? noTest,
  busyOf: (id: string) => (state: AppState) => state.connections.busy[id] ?? null,
};

/** "prod", or "embedded" for the built-in emulator: what the header and the cards show as the sandbox. */
export function sandboxLabel(view: ConnectionView): string {
  return view.connection.kind === 'local' ? 'embedded emulator' : view.connection.sandboxName;
}
