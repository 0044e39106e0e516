import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import { type DatasetSummary, hasProfileIdentity, type SchemaSummary, XDM_EXPERIENCE_EVENT_CLASS, XDM_PROFILE_CLASS } from '../../src-shared/platform/targets';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { serverKeys } from '../../src-renderer/queries/keys';
import type { AppStore } from '../../src-renderer/state/app-store';
import { cacheOf, createTestStore, loadConnections, loadTargets } from './server-state';
import { canEnableSchema, classLabel, datasetRowsOf, primaryIdentity, targetsSelectors } from '../../src-renderer/state/targets-slice';

const customers: SchemaSummary = {
  id: 'https://ns.adobe.com/acme/schemas/c1',
  title: 'Customers',
  classId: XDM_PROFILE_CLASS,
  profileEnabled: true,
  identities: [
    { path: '/personalEmail/address', namespace: 'Email', primary: true },
    { path: '/mobilePhone/number', namespace: 'Phone', primary: false },
  ],
};
const events: SchemaSummary = {
  id: 'https://ns.adobe.com/acme/schemas/e1',
  title: 'Events',
  classId: XDM_EXPERIENCE_EVENT_CLASS,
  profileEnabled: false,
  identities: [],
};
const dataset = (id: string, over: Partial<DatasetSummary> = {}): DatasetSummary => ({
  id,
  name: `Dataset ${id}`,
  schemaId: customers.id,
  profileEnabled: false,
  identityEnabled: false,
  upsert: false,
  ...over,
});

function fakeSandbox() {
  const bridge = createFakeBridge();
  const byConnection: Record<string, { schemas: SchemaSummary[]; datasets: DatasetSummary[] }> = {
    local: { schemas: [customers, events], datasets: [dataset('d1')] },
    c_other001: { schemas: [], datasets: [] },
  };
  const of = (id: string | undefined) => {
    const entry = byConnection[id ?? 'local'];
    if (!entry) throw new AppError('NOT_FOUND', `There is no connection "${id}".`);
    return entry;
  };
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('schemas.list', (input) => of(input.connectionId).schemas);
  bridge.respond('datasets.list', (input) => of(input.connectionId).datasets);
  bridge.respond('datasets.enableForProfile', (input) => {
    const entry = of(input.connectionId);
    entry.datasets = entry.datasets.map((d) => (d.id === input.datasetId ? { ...d, profileEnabled: true, identityEnabled: true } : d));
    const found = entry.datasets.find((d) => d.id === input.datasetId);
    if (!found) throw new AppError('NOT_FOUND', 'no dataset');
    return found;
  });
  bridge.respond('schemas.enableForProfile', (input) => {
    const entry = of(input.connectionId);
    entry.schemas = entry.schemas.map((s) => (s.id === input.schemaId ? { ...s, profileEnabled: true } : s));
    return entry.schemas.find((s) => s.id === input.schemaId) as SchemaSummary;
  });
  bridge.respond('datasets.create', (input) => {
    const created = dataset(`d${of(input.connectionId).datasets.length + 1}`, {
      name: input.name,
      schemaId: input.schemaId,
      profileEnabled: input.profile,
      identityEnabled: input.profile,
    });
    of(input.connectionId).datasets.unshift(created);
    return created;
  });
  return bridge;
}

describe('targets slice and lists', () => {
  const datasetsOf = (store: AppStore, connectionId = 'local') => cacheOf(store).getQueryData<DatasetSummary[]>(serverKeys.datasets(connectionId)) ?? [];
  const schemasOf = (store: AppStore, connectionId = 'local') => cacheOf(store).getQueryData<SchemaSummary[]>(serverKeys.schemas(connectionId)) ?? [];

  it('lists schemas and datasets of a connection by its id, joined for the dataset table', async () => {
    const bridge = fakeSandbox();
    const store = createTestStore(bridge);
    const { schemas, datasets } = await loadTargets(store, 'local');
    expect(schemas.map((s) => s.title)).toEqual(['Customers', 'Events']);
    expect(datasetRowsOf(datasets, schemas)).toEqual([{ dataset: dataset('d1'), schema: customers }]);
    expect(bridge.calls.filter((c) => c.name === 'schemas.list')).toEqual([{ name: 'schemas.list', input: { connectionId: 'local' } }]);
  });

  it('keeps the error of a sandbox that refuses, coded', async () => {
    const bridge = fakeSandbox();
    bridge.respond('schemas.list', () => {
      throw new AppError('UNAUTHORIZED', 'Adobe IMS refused the client id and secret.');
    });
    const store = createTestStore(bridge);
    await expect(loadTargets(store, 'local')).rejects.toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(schemasOf(store)).toEqual([]);
  });

  it("keeps each connection's lists under its own key, whatever order they answer in", async () => {
    const bridge = fakeSandbox();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    bridge.respond('datasets.list', async (input) => {
      if ((input.connectionId ?? 'local') === 'local') await gate;
      return input.connectionId === 'local' ? [dataset('d1')] : [];
    });
    const store = createTestStore(bridge);
    const first = loadTargets(store, 'local');
    await loadTargets(store, 'c_other001');
    release();
    await first;
    expect(datasetsOf(store, 'c_other001')).toEqual([]);
    expect(datasetsOf(store, 'local')).toEqual([dataset('d1')]);
  });

  it('enables a dataset and a schema for Profile on the active connection, updating the rows in place and marking the lists stale', async () => {
    const bridge = fakeSandbox();
    const store = createTestStore(bridge);
    await loadConnections(store);
    await loadTargets(store, 'local');
    const enabling = store.getState().enableDatasetForProfile('d1');
    expect(targetsSelectors.isPending('dataset:d1')(store.getState())).toBe(true);
    const result = await enabling;
    expect(result).toMatchObject({ ok: true, value: { id: 'd1', profileEnabled: true } });
    expect(targetsSelectors.isPending('dataset:d1')(store.getState())).toBe(false);
    expect(datasetsOf(store)[0]).toMatchObject({ profileEnabled: true, identityEnabled: true });
    expect(cacheOf(store).getQueryState(serverKeys.datasets('local'))?.isInvalidated).toBe(true);

    expect(canEnableSchema(events)).toBe(true);
    await store.getState().enableSchemaForProfile(events.id);
    const updated = schemasOf(store).find((s) => s.id === events.id);
    expect(updated?.profileEnabled).toBe(true);
    expect(updated && canEnableSchema(updated)).toBe(false);
    expect(bridge.calls.find((c) => c.name === 'schemas.enableForProfile')?.input).toEqual({ schemaId: events.id, connectionId: 'local' });
  });

  it('creates a dataset from a schema on the active connection and lists it first', async () => {
    const bridge = fakeSandbox();
    const store = createTestStore(bridge);
    await loadConnections(store);
    await loadTargets(store, 'local');
    const result = await store.getState().createDataset({ schemaId: customers.id, name: 'Loyalty import', profile: false });
    expect(result).toMatchObject({ ok: true, value: { name: 'Loyalty import', profileEnabled: false } });
    expect(datasetsOf(store).map((d) => d.name)).toEqual(['Loyalty import', 'Dataset d1']);
    expect(bridge.calls.find((c) => c.name === 'datasets.create')?.input).toMatchObject({ connectionId: 'local' });
    const refused = await store.getState().createDataset({ schemaId: customers.id, name: '', profile: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'name' } } });
  });

  it('names classes and primary identities as the screens show them', () => {
    expect(classLabel(XDM_PROFILE_CLASS)).toBe('Profile');
    expect(classLabel(XDM_EXPERIENCE_EVENT_CLASS)).toBe('ExperienceEvent');
    expect(classLabel('https://ns.adobe.com/xdm/context/product')).toBe('product');
    expect(primaryIdentity(customers)).toEqual({ path: '/personalEmail/address', namespace: 'Email', primary: true });
    expect(primaryIdentity(events)).toBeNull();
  });

  it('lets a schema join the union with a primary identity or an identityMap, as AEP does (XDM-1528-400 otherwise)', () => {
    expect(hasProfileIdentity(customers)).toBe(true);
    expect(hasProfileIdentity(events)).toBe(false);
    expect(hasProfileIdentity({ ...events, identityMap: true })).toBe(true);
    expect(hasProfileIdentity({ ...customers, identities: [{ path: '/mobilePhone/number', namespace: 'Phone', primary: false }] })).toBe(false);
  });
});
