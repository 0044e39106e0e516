import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AepConnection, ConnectionView } from '../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../src-shared/platform/connection-test-report';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { serverKeys } from '../../src-renderer/queries/keys';
import { cacheOf, createTestStore as createAppStore, loadConnections } from './server-state';
import { connectionsSelectors, sandboxLabel } from '../../src-renderer/state/connections-slice';
import { draftOf, emptyFormValues, fieldOfError, formValuesOf, validateForm } from '../../src-renderer/features/connections/connection-form-model';

const local: ConnectionView = { connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false };
const acme: AepConnection = {
  id: 'c_acme0001',
  kind: 'aep',
  name: 'Acme prod',
  imsUrl: 'https://ims-na1.adobelogin.com',
  platformUrl: 'https://platform.adobe.io',
  streamingUrl: 'https://dcs.adobedc.net',
  orgId: 'ABC123@AdobeOrg',
  clientId: 'client-1',
  sandboxName: 'prod',
  scopes: ['openid', 'AdobeID'],
};

/** A fake main that keeps connections in memory, as the real handlers do (secrets never echoed). */
function fakeMain() {
  const bridge = createFakeBridge();
  let views: ConnectionView[] = [local];
  let activeId = 'local';
  const secrets = new Map<string, string>();
  bridge.respond('connections.list', () => ({ connections: views, activeId }));
  bridge.respond('connections.save', (input) => {
    const id = input.id ?? 'c_acme0001';
    if (input.secret !== undefined) secrets.set(id, input.secret);
    const view: ConnectionView = {
      connection: { ...acme, ...input.draft, id, streamingUrl: input.draft.streamingUrl ?? acme.streamingUrl, scopes: input.draft.scopes ?? acme.scopes },
      secret: secrets.has(id) ? 'keychain' : 'none',
      production: input.draft.sandboxName === 'prod',
    };
    views = [...views.filter((v) => v.connection.id !== id), view];
    return view;
  });
  bridge.respond('connections.setActive', (input) => {
    activeId = input.connectionId;
    return { activeId };
  });
  bridge.respond('connections.remove', (input) => {
    if (input.connectionId === 'local') throw new AppError('INVALID_INPUT', 'The Local sandbox connection is built in and cannot be removed.');
    views = views.filter((v) => v.connection.id !== input.connectionId);
    if (activeId === input.connectionId) activeId = 'local';
    return { removed: input.connectionId };
  });
  return { bridge, secrets };
}

const failedReport: ConnectionTestReport = {
  connectionId: 'c_acme0001',
  connectionName: 'Acme prod',
  ok: false,
  steps: [
    {
      step: 'token',
      label: 'Access token from Adobe IMS',
      status: 'failed',
      durationMs: 12,
      detail: 'Adobe IMS refused the client id and secret.',
      error: { code: 'UNAUTHORIZED', message: 'Adobe IMS refused the client id and secret.' },
    },
    { step: 'sandbox', label: 'Sandbox "prod"', status: 'skipped', durationMs: 0, detail: 'Skipped: an earlier step failed.' },
    { step: 'schemas', label: 'Schemas listed', status: 'skipped', durationMs: 0, detail: 'Skipped: an earlier step failed.' },
  ],
};

describe('connections slice', () => {
  it('loads the list with the built-in connection active', async () => {
    const { bridge } = fakeMain();
    const store = createAppStore(bridge);
    const list = await loadConnections(store);
    expect(list).toEqual({ connections: [local], activeId: 'local' });
    expect(sandboxLabel(local)).toBe('embedded emulator');
  });

  it('adds a connection with a write-only secret; the stored view says only where the secret is', async () => {
    const { bridge, secrets } = fakeMain();
    const store = createAppStore(bridge);
    const result = await store.getState().saveConnection({
      draft: { ...draftOf({ ...emptyFormValues(), name: 'Acme prod', orgId: 'ABC123@AdobeOrg', clientId: 'client-1', sandboxName: 'prod' }) },
      secret: 's3cret',
    });
    expect(result.ok).toBe(true);
    expect(secrets.get('c_acme0001')).toBe('s3cret');
    const views = (await loadConnections(store)).connections;
    expect(views.map((v) => v.connection.name)).toEqual(['Local sandbox', 'Acme prod']);
    expect(views[1]).toMatchObject({ secret: 'keychain', production: true });
    expect(JSON.stringify(store.getState())).not.toContain('s3cret');
    expect(
      JSON.stringify(
        cacheOf(store)
          .getQueryCache()
          .getAll()
          .map((q) => q.state.data),
      ),
    ).not.toContain('s3cret');
  });

  it("returns main's field error for the form, and keeps the list as it was", async () => {
    const { bridge } = fakeMain();
    const store = createAppStore(bridge);
    await loadConnections(store);
    const result = await store.getState().saveConnection({ draft: { ...acme, orgId: 'nope' } as never });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(fieldOfError(result.error)).toBe('orgId');
    // Nothing changed in main, so nothing is to be read again.
    expect(cacheOf(store).getQueryState(serverKeys.connections())?.isInvalidated).toBe(false);
    expect((await loadConnections(store)).connections).toHaveLength(1);
  });

  it("keeps each connection's last test: running, then the per-step report; a new save forgets it", async () => {
    const { bridge } = fakeMain();
    let answer: (report: ConnectionTestReport) => void = () => undefined;
    bridge.respond('connections.test', () => new Promise<ConnectionTestReport>((resolve) => (answer = resolve)));
    const store = createAppStore(bridge);
    const testing = store.getState().testConnection('c_acme0001');
    expect(connectionsSelectors.testOf('c_acme0001')(store.getState())).toEqual({ status: 'running', report: null, error: null });
    await expect.poll(() => bridge.calls.some((c) => c.name === 'connections.test')).toBe(true);
    answer(failedReport);
    await testing;
    expect(
      connectionsSelectors
        .testOf('c_acme0001')(store.getState())
        ?.report?.steps.map((s) => s.status),
    ).toEqual(['failed', 'skipped', 'skipped']);

    await store.getState().saveConnection({ id: 'c_acme0001', draft: { ...acme }, secret: 'fixed' });
    expect(connectionsSelectors.testOf('c_acme0001')(store.getState())).toBeNull();
  });

  it('keeps a failed test request as an error of that connection', async () => {
    const { bridge } = fakeMain();
    bridge.respond('connections.test', () => {
      throw new AppError('NOT_FOUND', 'There is no connection "gone".');
    });
    const store = createAppStore(bridge);
    await store.getState().testConnection('gone');
    expect(connectionsSelectors.testOf('gone')(store.getState())).toEqual({
      status: 'done',
      report: null,
      error: { code: 'NOT_FOUND', message: 'There is no connection "gone".' },
    });
  });

  it('sets the active connection, and falls back to the built-in one when it is removed', async () => {
    const { bridge } = fakeMain();
    const store = createAppStore(bridge);
    await loadConnections(store);
    await store.getState().saveConnection({ draft: { ...acme }, secret: 'x' });
    await store.getState().setActiveConnection('c_acme0001');
    // The answer is written into the list at once, before it is read again.
    expect(cacheOf(store).getQueryData<{ activeId: string }>(serverKeys.connections())?.activeId).toBe('c_acme0001');
    expect(await store.getState().removeConnection('c_acme0001')).toBe(true);
    expect((await loadConnections(store)).activeId).toBe('local');
    expect(await store.getState().removeConnection('local')).toBe(false);
    expect(connectionsSelectors.actionError(store.getState())?.message).toMatch(/built in/);
    expect(connectionsSelectors.busyOf('local')(store.getState())).toBeNull();
  });
});

describe('connection form model', () => {
  it("marks every invalid field with the shared schema's message, and requires a secret for a new connection", () => {
    const errors = validateForm({ ...emptyFormValues(), orgId: 'acme', platformUrl: 'not a url' }, { secretRequired: true });
    expect(Object.keys(errors).sort()).toEqual(['clientId', 'name', 'orgId', 'platformUrl', 'sandboxName', 'secret']);
    expect(errors.orgId).toMatch(/@AdobeOrg/);
  });

  it('round-trips a saved connection without its secret, recognising its host preset', () => {
    const values = formValuesOf({ connection: acme, secret: 'keychain', production: true });
    expect(values).toMatchObject({ preset: 'aep-production', secret: '', scopes: 'openid, AdobeID' });
    expect(validateForm(values, { secretRequired: false })).toEqual({});
    expect(draftOf(values)).toMatchObject({ orgId: acme.orgId, scopes: ['openid', 'AdobeID'] });
    expect(formValuesOf({ connection: { ...acme, platformUrl: 'http://127.0.0.1:4000' }, secret: 'none', production: false }).preset).toBe('custom');
  });
});
