// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { IdentityNamespaceSummary } from '../../src-shared/platform/targets';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { checkNamespace, STANDARD_NAMESPACES, useNamespaces } from '../../src-renderer/queries/namespaces';
import { serverKeys } from '../../src-renderer/queries/keys';
import { renderHook } from './render-hook';
import { cacheOf, createTestStore, loadConnections } from './server-state';

const ns = (id: number, code: string, name: string, custom = false): IdentityNamespaceSummary => ({
  id,
  code,
  name,
  custom,
  idType: 'COOKIE',
  status: 'ACTIVE',
});
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

describe('namespaces of the active connection', () => {
  const switchTo = (store: Parameters<typeof cacheOf>[0], activeId: string) =>
    cacheOf(store).setQueryData(serverKeys.connections(), (list: { activeId: string } | undefined) => (list ? { ...list, activeId } : list));

  it('offers the standard namespaces until a connection lists its own', async () => {
    const bridge = createFakeBridge();
    const store = createTestStore(bridge);
    const builder = await renderHook(useNamespaces, store, bridge);
    expect(builder.current()).toMatchObject({ status: 'idle', options: STANDARD_NAMESPACES, fromConnection: null });
    expect(namespaceCalls(bridge)).toEqual([]);
    builder.unmount();
  });

  it('lists the active connection’s namespaces once, and again for another connection', async () => {
    const { bridge } = fakeConnections();
    const store = createTestStore(bridge);
    await loadConnections(store);
    const builder = await renderHook(useNamespaces, store, bridge);
    const first = await builder.settle((v) => v.status === 'ready');
    expect(first.options.map((n) => n.code)).toEqual(['Email', 'AAID']);
    expect(first.fromConnection).toHaveLength(2);
    expect(first.sourceName).toBe('Local sandbox');
    // A second builder (the Profiles screen's form) reads the same list.
    const form = await renderHook(useNamespaces, store, bridge);
    await form.settle((v) => v.status === 'ready');
    expect(namespaceCalls(bridge)).toEqual([{ name: 'identity.namespaces', input: { connectionId: 'local' } }]);

    switchTo(store, 'c_other001');
    const other = await builder.settle((v) => v.status === 'ready' && v.options[1]?.code === 'loyaltyId');
    expect(other.options.map((n) => n.code)).toEqual(['Email', 'loyaltyId']);
    expect(namespaceCalls(bridge)).toHaveLength(2);
    builder.unmount();
    form.unmount();
  });

  it('falls back to the standard list when the connection fails, keeps the failure, and retries on demand', async () => {
    const { bridge, setLocalReachable } = fakeConnections();
    setLocalReachable(false);
    const store = createTestStore(bridge);
    await loadConnections(store);
    const builder = await renderHook(useNamespaces, store, bridge);
    const failed = await builder.settle((v) => v.status === 'error');
    expect(failed).toMatchObject({ status: 'error', error: { code: 'UNREACHABLE' }, options: STANDARD_NAMESPACES, fromConnection: null });
    // Showing the builder again does not ask an unreachable sandbox again...
    builder.unmount();
    const again = await renderHook(useNamespaces, store, bridge);
    await again.settle();
    expect(namespaceCalls(bridge)).toHaveLength(1);
    // ..."Try again" does.
    setLocalReachable(true);
    again.current().retry();
    const ready = await again.settle((v) => v.status === 'ready');
    expect(ready).toMatchObject({ status: 'ready', error: null });
    again.unmount();
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
