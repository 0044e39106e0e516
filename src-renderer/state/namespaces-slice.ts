import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { IdentityNamespaceSummary } from '../../src-shared/platform/targets';
import type { AppState } from './app-state';
import { bridgeFailure } from './bridge-errors';
import type { LoadStatus } from './connections-slice';

/** A namespace as the identity builder offers it: the code goes into identityMap, the name helps choose. */
export type NamespaceOption = Pick<IdentityNamespaceSummary, 'code' | 'name'>;

/**
 * The namespaces offered when no connection answers: the standard codes confirmed in Adobe's
 * guides, plus CRMID and Phone_E.164, which the suggestions and most examples use.
 * Why CRMID stays although it is not standard: it is what orgs usually create as a custom
 * namespace, and offline there is no list to check it against (aep-notes §6).
 */
export const STANDARD_NAMESPACES: readonly NamespaceOption[] = [
  { code: 'Email', name: 'Email' },
  { code: 'Phone', name: 'Phone' },
  { code: 'CRMID', name: 'CRM ID (custom in most orgs)' },
  { code: 'ECID', name: 'ECID' },
  { code: 'Email_LC_SHA256', name: 'Emails (SHA256, lowercased)' },
  { code: 'Phone_E.164', name: 'Phone (E.164)' },
];

export interface NamespacesSliceState {
  /** The connection the list belongs to; null when main's active one was asked before its id was known. */
  connectionId: string | null;
  status: LoadStatus;
  namespaces: IdentityNamespaceSummary[];
  error: AppErrorShape | null;
}

export interface NamespacesSlice {
  namespaces: NamespacesSliceState;
  /** Lists a connection's namespaces (the active one by default) unless they are listed, being listed, or failed. */
  ensureNamespaces(connectionId?: string): Promise<void>;
  /** Lists them again, whatever the last answer was. */
  loadNamespaces(connectionId?: string): Promise<void>;
}

const initial: NamespacesSliceState = { connectionId: null, status: 'idle', namespaces: [], error: null };

/**
 * The identity namespaces of the active connection, for the identityMap builder.
 * Why once per connection: the list changes only when someone creates a namespace, and the
 * builder is shown again at every edit; a failure stays until the user retries or switches
 * connection, so offline work does not ask an unreachable sandbox at every render.
 * Why counted loads: the active connection can change while the previous one still answers.
 */
export const createNamespacesSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], NamespacesSlice> =>
  (set, get) => {
    let loading = 0;
    const patch = (next: Partial<NamespacesSliceState>) => set((state) => ({ namespaces: { ...state.namespaces, ...next } }));
    const targetOf = (connectionId: string | undefined): string | null => connectionId ?? get().connections.activeId ?? null;

    return {
      namespaces: initial,

      async ensureNamespaces(connectionId) {
        const { status, connectionId: listedFor } = get().namespaces;
        if (status !== 'idle' && listedFor === targetOf(connectionId)) return;
        await get().loadNamespaces(connectionId);
      },

      async loadNamespaces(connectionId) {
        const id = ++loading;
        const target = targetOf(connectionId);
        patch({ connectionId: target, status: 'loading', error: null, ...(get().namespaces.connectionId === target ? {} : { namespaces: [] }) });
        try {
          const reply = await bridge.request('identity.namespaces', target !== null ? { connectionId: target } : {});
          if (id !== loading) return;
          patch(reply.ok ? { status: 'ready', namespaces: reply.value } : { status: 'error', error: reply.error, namespaces: [] });
        } catch (error) {
          if (id === loading) patch({ status: 'error', error: bridgeFailure(error), namespaces: [] });
        }
      },
    };
  };

/** How a namespace code stands against the connection's list. */
export type NamespaceCheck =
  | { kind: 'unchecked' }
  | { kind: 'known' }
  /** Known under another case: AEP compares codes case-insensitively (inferred), but say how it is spelled. */
  | { kind: 'case'; code: string }
  | { kind: 'unknown' };

/** Checks a code against a list; `null` (no list from a connection) checks nothing. */
export function checkNamespace(code: string, namespaces: readonly NamespaceOption[] | null): NamespaceCheck {
  const wanted = code.trim();
  if (namespaces === null || wanted === '') return { kind: 'unchecked' };
  if (namespaces.some((n) => n.code === wanted)) return { kind: 'known' };
  const other = namespaces.find((n) => n.code.toLowerCase() === wanted.toLowerCase());
  return other ? { kind: 'case', code: other.code } : { kind: 'unknown' };
}

/** Reads of the namespaces slice. */
export const namespacesSelectors = {
  status: (state: AppState) => state.namespaces.status,
  error: (state: AppState) => state.namespaces.error,
  connectionId: (state: AppState) => state.namespaces.connectionId,
  /** The connection's list once it answered, else null (nothing to check codes against). */
  fromConnection: (state: AppState): readonly NamespaceOption[] | null => (state.namespaces.status === 'ready' ? state.namespaces.namespaces : null),
  /** What the builder offers: the connection's namespaces, or the standard ones while it has none. */
  options: (state: AppState): readonly NamespaceOption[] => (state.namespaces.status === 'ready' ? state.namespaces.namespaces : STANDARD_NAMESPACES),
};
