import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import type { ConnectionDraft } from '../../../src-shared/platform/connection';
import { createConnectionService } from '../../../src-main/core/platform/connection-service';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';
import { clientSecretAccount, type SecretStore } from '../../../src-main/core/secrets/secret-store';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';
import { settingsFilePath } from '../../../src-main/core/settings/settings-file';
import { type CannedAep, cannedIms, CLIENT_ID, fastRetry, ORG, recordingLogger, SECRET, startCannedAep } from './canned-aep';

/** An in-memory SecretStore for service tests; the real keychain is tested in test/core/secrets. */
function memoryStore(options: { broken?: boolean } = {}): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const guard = () => {
    if (options.broken) throw new AppError('KEYCHAIN_UNAVAILABLE', 'no keychain in this test');
  };
  return {
    entries,
    description: 'memory',
    get: async (account) => (guard(), entries.get(account) ?? null),
    set: async (account, secret) => {
      guard();
      entries.set(account, secret);
    },
    delete: async (account) => (guard(), entries.delete(account)),
  };
}

describe('connection service', () => {
  let aep: CannedAep;
  let dataDir: string;
  const draft = (): ConnectionDraft => ({
    name: 'Acme dev',
    imsUrl: aep.url,
    platformUrl: aep.url,
    streamingUrl: aep.url,
    orgId: ORG,
    clientId: CLIENT_ID,
    sandboxName: 'dev',
  });

  beforeEach(async () => {
    aep = await startCannedAep();
    dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-service-'));
  });
  afterEach(async () => {
    await aep.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  function service(store = memoryStore(), environmentSecret?: string) {
    const logger = recordingLogger();
    const connections = createConnectionService({
      store: createConnectionStore({ dataDir }),
      secrets: createSecretResolver({ store, environmentSecret }),
      logger,
      retry: fastRetry,
      localSandbox: () => ({ url: aep.url, credentials: { orgId: ORG, clientId: CLIENT_ID, clientSecret: SECRET, sandboxName: 'prod' } }),
    });
    return { connections, store, logger };
  }

  it('tests a saved connection step by step, with the secret from the store and never in a log or the settings file', async () => {
    cannedIms(aep);
    aep.on('GET /data/foundation/schemaregistry/stats', () => ({ status: 200, body: { tenantId: 'acme' } }));
    aep.on('GET /data/foundation/schemaregistry/tenant/schemas', () => ({
      status: 200,
      body: { results: [{ $id: 'https://ns.adobe.com/acme/schemas/1', title: 'Customers' }], _page: { next: null } },
    }));
    const { connections, store, logger } = service();
    const view = await connections.add(draft(), SECRET);
    expect(view).toMatchObject({ secret: 'keychain', production: false });
    expect([...store.entries.values()]).toEqual([SECRET]);

    const report = await connections.test('Acme dev');
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['token', 'passed'],
      ['sandbox', 'passed'],
      ['schemas', 'passed'],
    ]);
    expect(report.steps[1]?.detail).toContain('_acme');
    expect(report.steps[2]?.detail).toContain('1 schema');
    expect(logger.lines.join('\n')).not.toContain(SECRET);
    expect(await readFile(settingsFilePath(dataDir), 'utf8')).not.toContain(SECRET);
  });

  it('reports a failed step with what to do and skips the later ones', async () => {
    cannedIms(aep);
    aep.on('GET /data/foundation/schemaregistry/stats', () => ({ status: 403, body: { error_code: '403025', message: 'Profile is not valid' } }));
    const { connections } = service();
    await connections.add(draft(), SECRET);
    const report = await connections.test('Acme dev');
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'skipped']);
    expect(report.steps[1]?.error?.code).toBe('FORBIDDEN');
    expect(report.steps[1]?.detail).toMatch(/product profile/);
  });

  it('fails the token step with a clear message when no secret is saved', async () => {
    cannedIms(aep);
    const { connections } = service();
    await connections.add(draft());
    expect((await connections.get('Acme dev')).secret).toBe('none');
    const report = await connections.test('Acme dev');
    expect(report.steps[0]).toMatchObject({ status: 'failed', error: { code: 'UNAUTHORIZED' } });
    expect(report.steps[0]?.detail).toMatch(/XDM_LOADER_CLIENT_SECRET/);
  });

  it('uses XDM_LOADER_CLIENT_SECRET when the composition root passes it', async () => {
    cannedIms(aep);
    aep.on('GET /data/core/idnamespace/identities', () => ({ status: 200, body: [{ id: 4, code: 'ECID', name: 'ECID', idType: 'COOKIE', custom: false }] }));
    const { connections } = service(memoryStore(), SECRET);
    await connections.add(draft());
    expect((await connections.get('Acme dev')).secret).toBe('environment');
    expect(await connections.listNamespaces('Acme dev')).toEqual([{ id: 4, code: 'ECID', name: 'ECID', idType: 'COOKIE', custom: false }]);
  });

  it('takes a new connection back when its secret cannot be saved, and reports the keychain problem', async () => {
    const { connections } = service(memoryStore({ broken: true }));
    await expect(connections.add(draft(), SECRET)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect((await connections.list()).map((v) => v.connection.id)).toEqual(['local']);
  });

  it('says before a secret is typed whether the keychain answers, without writing to it', async () => {
    const working = service();
    expect(await working.connections.keychain()).toEqual({ available: true });
    expect(working.store.entries.size).toBe(0);
    expect(await service(memoryStore({ broken: true })).connections.keychain()).toEqual({ available: false, message: 'no keychain in this test' });
  });

  it('without a keychain, adds a connection whose secret is held for this session and works with it', async () => {
    cannedIms(aep);
    const { connections } = service(memoryStore({ broken: true }));
    const view = await connections.add(draft(), SECRET, 'session');
    expect(view.secret).toBe('session');
    // IMS took the held secret: the token step passed.
    expect((await connections.test(view.connection.id)).steps[0]).toMatchObject({ step: 'token', status: 'passed' });
    // Never written: the settings file holds no secret, and a new process knows none.
    expect(await readFile(settingsFilePath(dataDir), 'utf8')).not.toContain(SECRET);
    // An empty secret is refused, and the half-made connection taken back.
    await expect(connections.add({ ...draft(), name: 'Blank' }, '  ', 'session')).rejects.toThrow(/empty/);
    expect((await connections.list()).map((v) => v.connection.name)).toEqual(['Local sandbox', 'Acme dev']);
  });

  it('lists connections even when the keychain is unreachable', async () => {
    const store = memoryStore();
    const { connections } = service(store);
    await connections.add(draft());
    const broken = createConnectionService({
      store: createConnectionStore({ dataDir }),
      secrets: createSecretResolver({ store: memoryStore({ broken: true }) }),
      logger: recordingLogger(),
    });
    expect((await broken.list()).map((v) => v.secret)).toEqual(['sandbox', 'unavailable']);
  });

  it('removes the keychain entry with the connection', async () => {
    const { connections, store } = service();
    const view = await connections.add(draft(), SECRET);
    await connections.remove(view.connection.id);
    expect(store.entries.size).toBe(0);
  });

  it('with the keychain unreachable, removes nothing and says what would remain and how to go on; --keep-secret removes the connection only', async () => {
    const store = memoryStore();
    const { connections } = service(store);
    const view = await connections.add(draft(), SECRET);
    const broken = createConnectionService({
      store: createConnectionStore({ dataDir }),
      secrets: createSecretResolver({ store: memoryStore({ broken: true }) }),
      logger: recordingLogger(),
    });
    const error = await broken.remove(view.connection.id).then(
      () => undefined,
      (e: unknown) => e as AppError,
    );
    expect(error?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error?.message).toContain('Connection "Acme dev" was not removed: its client secret could not be deleted from the keychain');
    expect(error?.message).toContain(`service "xdm-loader", account "${clientSecretAccount(view.connection.id)}"`);
    expect(error?.message).toContain('--keep-secret');
    expect((await connections.list()).map((v) => v.connection.name)).toContain('Acme dev');
    await broken.remove(view.connection.id, { keepSecret: true });
    expect((await connections.list()).map((v) => v.connection.name)).not.toContain('Acme dev');
  });

  it('reaches the Local sandbox through the provider the composition root gives, marked as not production', async () => {
    cannedIms(aep);
    aep.on('GET /data/foundation/catalog/dataSets', () => ({ status: 200, body: {} }));
    const { connections } = service();
    expect(await connections.listDatasets('Local sandbox')).toEqual([]);
    expect(aep.seen.at(-1)?.headers['x-sandbox-name']).toBe('prod');
    expect((await connections.get('local')).production).toBe(false);
  });

  it('tests an unsaved connection (form or CLI flags) with the secret given', async () => {
    cannedIms(aep);
    aep.on('GET /data/foundation/schemaregistry/stats', () => ({ status: 200, body: { tenantId: 'acme' } }));
    aep.on('GET /data/foundation/schemaregistry/tenant/schemas', () => ({ status: 200, body: { results: [] } }));
    const { connections } = service();
    const ok = await connections.test({ draft: draft(), secret: SECRET });
    expect(ok.ok).toBe(true);
    const bad = await connections.test({ draft: draft(), secret: 'wrong' });
    expect(bad.steps[0]).toMatchObject({ status: 'failed', error: { code: 'UNAUTHORIZED' } });
  });
});
