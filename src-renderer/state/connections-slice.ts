import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { RequestInput, RequestOutput } from '../../src-shared/ipc/contract';
import type { ConnectionView } from '../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../src-shared/platform/connection-test-report';
import type { AppState } from './app-state';
import { serverKeys } from '../queries/keys';
import { ask, outcomeOf } from '../queries/request';
import { invalidate } from '../queries/server-cache';
import type { ServerAccess } from './server-access';

/** The last "Test connection" of one connection: running, or its per-step report. */
export interface ConnectionTestState {
  status: 'running' | 'done';
  report: ConnectionTestReport | null;
  /** The request itself failed (unknown connection, app unreachable), not one of its steps. */
  error: AppErrorShape | null;
}

export interface ConnectionsSliceState {
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
  /** Adds (no id) or updates a connection, with an optional write-only secret; the list is read again. */
  saveConnection(input: SaveConnectionInput): Promise<SaveConnectionResult>;
  removeConnection(id: string): Promise<boolean>;
  testConnection(id: string): Promise<void>;
  setActiveConnection(id: string): Promise<void>;
}

const initial: ConnectionsSliceState = { tests: {}, busy: {}, actionError: null };

/**
 * The Connections slice: the changes in flight and the last test of each connection. The list
 * and the active connection are server state (`useConnections`); each change here invalidates it.
 * Why the test reports live here and not in the screen: the header and the Targets screen show
 * whether the active connection works, and a report survives switching screens.
 * No secret is ever held here: the renderer sends one on save and forgets it.
 */
export const createConnectionsSlice =
  ({ bridge, client }: ServerAccess): StateCreator<AppState, [], [], ConnectionsSlice> =>
  (set) => {
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

      async saveConnection(input) {
        const result = await outcomeOf(() => ask(bridge, 'connections.save', input));
        if (!result.ok) return result;
        const id = result.value.connection.id;
        // A report about the old fields or the old secret no longer says anything, nor does what was read through them.
        setTest(id, null);
        await invalidate.connection(client, id);
        await invalidate.connections(client);
        return { ok: true, view: result.value };
      },

      async removeConnection(id) {
        setBusy(id, 'removing');
        patch({ actionError: null });
        const result = await outcomeOf(() => ask(bridge, 'connections.remove', { connectionId: id }));
        if (result.ok) {
          setTest(id, null);
          await invalidate.connection(client, id);
          await invalidate.connections(client);
        } else patch({ actionError: result.error });
        setBusy(id, null);
        return result.ok;
      },

      async testConnection(id) {
        setTest(id, { status: 'running', report: null, error: null });
        const result = await outcomeOf(() => ask(bridge, 'connections.test', { connectionId: id }));
        setTest(id, result.ok ? { status: 'done', report: result.value, error: null } : { status: 'done', report: null, error: result.error });
      },

      async setActiveConnection(id) {
        setBusy(id, 'activating');
        patch({ actionError: null });
        const result = await outcomeOf(() => ask(bridge, 'connections.setActive', { connectionId: id }));
        if (result.ok) {
          const { activeId } = result.value;
          client.setQueryData<RequestOutput<'connections.list'>>(serverKeys.connections(), (list) => (list ? { ...list, activeId } : list));
          await invalidate.connections(client);
        } else patch({ actionError: result.error });
        setBusy(id, null);
      },
    };
  };

const noTest: ConnectionTestState | null = null;

/** Reads of the Connections slice, shared by components and tests. */
export const connectionsSelectors = {
  actionError: (state: AppState) => state.connections.actionError,
  testOf: (id: string) => (state: AppState) => state.connections.tests[id] ?? noTest,
  busyOf: (id: string) => (state: AppState) => state.connections.busy[id] ?? null,
};

/** "prod", or "embedded" for the built-in emulator: what the header and the cards show as the sandbox. */
export function sandboxLabel(view: ConnectionView): string {
  return view.connection.kind === 'local' ? 'embedded emulator' : view.connection.sandboxName;
}
