import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { IdentityNamespaceSummary } from '../../src-shared/platform/targets';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createAppStore } from '../../src-renderer/state/app-store';
import { checkNamespace, namespacesSelectors, STANDARD_NAMESPACES } from '../../src-renderer/state/namespaces-slice';

const ns = (id: number, code: string, name: string, custom = false): IdentityNamespaceSummary => ({ id, code, name, custom, idType: 'COOKIE', status: 'ACTIVE' });
const local = [ns(6, 'Email', 'Email'), ns(10, 'AAID', 'Adobe Analytics (Legacy ID)')];
const other = [ns(6, 'Email', 'Email'), ns(5001, 'loyaltyId', 'Loyalty id', true)];

function fakeConnections() {
  const bridge = createFakeBridge();
  let localReachable = true;
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('identity.namespaces', (input) => {
    if ((input.connectionId ?? 'local') === 'local') {
      if (!localReachable) throw new AppError('UNREACHABLE', 'The Local sandbox did not answer.');
      return local;
    }
    if (input.connectionId === 'c_other001') return other;
    throw new AppError('NOT_FOUND', `There is no connection "${input.connectionId}".`);
  });
  return { bridge, setLocalReachable: (on: boolean) => (localReachable = on) };
}

const namespaceCalls = (bridge: ReturnType<typeof createFakeBridge>) => bridge.calls.filter((c) => c.name === 'identity.namespaces');

describe('namespaces slice', () => {
  it('offers the standard namespaces until a connection lists its own', () => {
    const store = createAppStore(createFakeBridge());
    expect(namespacesSelectors.options(store.getState())).toBe(STANDARD_NAMESPACES);
    expect(namespacesSelectors.fromConnection(store.getState())).toBeNull();
  });

  it('lists the active connection’s namespaces once, and again for another connection', async () => {
    const { bridge } = fakeConnections();
    const store = createAppStore(bridge);
    await store.getState().loadConnections();
    await store.getState().ensureNamespaces('local');
    await store.getState().ensureNamespaces('local');
    expect(namespaceCalls(bridge)).toEqual([{ name: 'identity.namespaces', input: { connectionId: 'local' } }]);
    expect(namespacesSelectors.options(store.getState()).map((n) => n.code)).toEqual(['Email', 'AAID']);
    expect(namespacesSelectors.fromConnection(store.getState())).toHaveLength(2);

    await store.getState().ensureNamespaces('c_other001');
    expect(namespaceCalls(bridge)).toHaveLength(2);
    expect(store.getState().namespaces).toMatchObject({ connectionId: 'c_other001', status: 'ready' });
    expect(namespacesSelectors.options(store.getState()).map((n) => n.code)).toEqual(['Email', 'loyaltyId']);
  });

  it('asks for main’s active connection when the renderer does not know it yet', async () => {
    const { bridge } = fakeConnections();
    const store = createAppStore(bridge);
    await store.getState().ensureNamespaces();
    expect(namespaceCalls(bridge)).toEqual([{ name: 'identity.namespaces', input: {} }]);
    expect(store.getState().namespaces).toMatchObject({ connectionId: null, status: 'ready' });
  });

  it('falls back to the standard list when the connection fails, keeps the failure, and retries on demand', async () => {
    const { bridge, setLocalReachable } = fakeConnections();
    setLocalReachable(false);
    const store = createAppStore(bridge);
    await store.getState().ensureNamespaces('local');
    expect(store.getState().namespaces).toMatchObject({ status: 'error', error: { code: 'UNREACHABLE' } });
    expect(namespacesSelectors.options(store.getState())).toBe(STANDARD_NAMESPACES);
    expect(namespacesSelectors.fromConnection(store.getState())).toBeNull();
    // Re-rendering the builder does not ask an unreachable sandbox again...
    await store.getState().ensureNamespaces('local');
    expect(namespaceCalls(bridge)).toHaveLength(1);
    // ..."Try again" does.
    setLocalReachable(true);
    await store.getState().loadNamespaces('local');
    expect(store.getState().namespaces).toMatchObject({ status: 'ready', error: null });
  });

  it('shows only the latest connection’s answer when an older one arrives late', async () => {
    const bridge = createFakeBridge();
    let releaseLocal: () => void = () => undefined;
    bridge.respond('identity.namespaces', (input) =>
      input.connectionId === 'local' ? new Promise((resolve) => (releaseLocal = () => resolve(local))) : other,
    );
    const store = createAppStore(bridge);
    const slow = store.getState().ensureNamespaces('local');
    await store.getState().ensureNamespaces('c_other001');
    releaseLocal();
    await slow;
    expect(store.getState().namespaces.connectionId).toBe('c_other001');
    expect(namespacesSelectors.options(store.getState()).map((n) => n.code)).toEqual(['Email', 'loyaltyId']);
  });
});

describe('checkNamespace', () => {
  it('checks nothing without a list from a connection', () => {
    expect(checkNamespace('CRMID', null)).toEqual({ kind: 'unchecked' });
  });
  it('knows listed codes, flags unknown ones, and points at a code listed under another case', () => {
    expect(checkNamespace('AAID', local)).toEqual({ kind: 'known' });
    expect(checkNamespace(' Email ', local)).toEqual({ kind: 'known' });
    expect(checkNamespace('CRMID', local)).toEqual({ kind: 'unknown' });
    expect(checkNamespace('email', local)).toEqual({ kind: 'case', code: 'Email' });
    expect(checkNamespace('', local)).toEqual({ kind: 'unchecked' });
  });
});
