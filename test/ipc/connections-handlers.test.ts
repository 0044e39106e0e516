import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src-shared/ipc/contract';
import type { ConnectionView } from '../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../src-shared/platform/connection-test-report';
import type { DatasetSummary, SchemaSummary } from '../../src-shared/platform/targets';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { type RunningSandbox, startSandbox } from '../../src-main/core/sandbox/index';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';

/**
 * The connection and target requests through the real router, against a real Local sandbox and
 * the real Secret Service (vitest runs under scripts/with-keyring.sh).
 * Why both real: the point is the whole path a screen takes, from a typed secret to a dataset
 * enabled for Profile, and the promise that no reply on that path ever carries the secret.
 */
const ctx: RequestContext = { transport: 'websocket' };

let home: string;
let sandbox: RunningSandbox;
let router: ReturnType<typeof createRouter<RequestContext>>;
/** Every reply the router gave, to check at the end that none carries a secret. */
const replies: Envelope<unknown>[] = [];
const WRONG_SECRET = 'p8e-this-is-not-the-secret-0123456789';

async function call<T>(name: string, input: unknown): Promise<Envelope<T>> {
  const reply = await router.handle(name, input, ctx);
  replies.push(reply);
  return reply as Envelope<T>;
}

async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await call<T>(name, input);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value;
}

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-ipc-connections-'));
  sandbox = await startSandbox({ dataDir: path.join(home, 'sandbox') });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: createKeyringSecretStore() }),
    logger: silentLogger,
    localSandbox: () => sandbox,
  });
  router = createRouter(
    createHandlers({
      files: new FileRegistry(),
      info: () => ({ name: 'XDM Loader', version: '0', mode: 'browser', platform: 'linux', dataDir: home }),
      connections,
      jobs: new JobRegistry({ emit: () => undefined }),
      dataDir: home,
    }),
    {
      logError: () => undefined,
    },
  );
});

afterAll(async () => {
  await sandbox.close();
  await rm(home, { recursive: true, force: true });
});

describe('connections and targets over IPC, against the Local sandbox', () => {
  let id = '';

  it('lists the built-in Local sandbox first, active, with its secret built in', async () => {
    const list = await value<{ connections: ConnectionView[]; activeId: string }>('connections.list', {});
    expect(list.connections[0]).toEqual({ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false });
    expect(list.activeId).toBe('local');
    const report = await value<ConnectionTestReport>('connections.test', {});
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('refuses a draft with a bad org id, naming the field', async () => {
    const reply = await call('connections.save', {
      draft: { name: 'Broken', imsUrl: sandbox.url, platformUrl: sandbox.url, orgId: 'not-an-org', clientId: 'x', sandboxName: 'prod' },
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'draft.orgId' } } });
  });

  it('saves a connection with a wrong secret: the test fails at the token step with a clear UNAUTHORIZED', async () => {
    const view = await value<ConnectionView>('connections.save', {
      draft: {
        name: 'Emulator over HTTP',
        imsUrl: sandbox.url,
        platformUrl: sandbox.url,
        streamingUrl: sandbox.url,
        orgId: sandbox.credentials.orgId,
        clientId: sandbox.credentials.clientId,
        sandboxName: sandbox.credentials.sandboxName,
      },
      secret: WRONG_SECRET,
    });
    id = view.connection.id;
    expect(view.secret).toBe('keychain');
    // The emulator's default sandbox is called prod: marked as production like AEP's.
    expect(view.production).toBe(true);
    expect(await value('credentials.status', { connectionId: id })).toEqual({ connectionId: id, source: 'keychain' });

    const report = await value<ConnectionTestReport>('connections.test', { connectionId: id });
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(report.steps[0]?.error?.code).toBe('UNAUTHORIZED');
    expect(report.steps[0]?.detail).toMatch(/refused the client id and secret of "Emulator over HTTP"/);

    const listing = await call('schemas.list', { connectionId: id });
    expect(listing).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('after the right secret is saved, the test passes and the connection becomes active', async () => {
    expect(await value('credentials.save', { connectionId: id, secret: sandbox.credentials.clientSecret })).toEqual({ connectionId: id, source: 'keychain' });
    const report = await value<ConnectionTestReport>('connections.test', { connectionId: id });
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(await value('connections.setActive', { connectionId: id })).toEqual({ activeId: id });
    const list = await value<{ activeId: string }>('connections.list', {});
    expect(list.activeId).toBe(id);
  });

  it('lists schemas (class, Profile, primary identity), datasets and namespaces of the active connection', async () => {
    const schemas = await value<SchemaSummary[]>('schemas.list', {});
    const customers = schemas.find((s) => s.title === 'XDM Loader Customers');
    expect(customers).toMatchObject({ classId: 'https://ns.adobe.com/xdm/context/profile', profileEnabled: true });
    expect(customers?.identities).toEqual([{ path: '/personalEmail/address', namespace: 'Email', primary: true }]);
    const datasets = await value<DatasetSummary[]>('datasets.list', {});
    expect(datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['XDM Loader Customers', 'XDM Loader Events']));
    const namespaces = await value<Array<{ code: string }>>('identity.namespaces', {});
    expect(namespaces.map((n) => n.code)).toEqual(expect.arrayContaining(['Email', 'ECID']));
    const document = await value<Record<string, unknown>>('schemas.get', { schemaId: customers?.id });
    expect(document['title']).toBe('XDM Loader Customers');
  });

  it('creates a dataset from a schema and enables it for Profile', async () => {
    const schemas = await value<SchemaSummary[]>('schemas.list', { connectionId: id });
    const customers = schemas.find((s) => s.title === 'XDM Loader Customers');
    const created = await value<DatasetSummary>('datasets.create', { connectionId: id, schemaId: customers?.id, name: 'Loyalty import' });
    expect(created).toMatchObject({ name: 'Loyalty import', schemaId: customers?.id, profileEnabled: false, identityEnabled: false });

    const enabled = await value<DatasetSummary>('datasets.enableForProfile', { connectionId: id, datasetId: created.id });
    expect(enabled).toMatchObject({ id: created.id, profileEnabled: true, identityEnabled: true, upsert: false });
    expect(await value('datasets.get', { datasetId: created.id })).toMatchObject({ id: created.id, profileEnabled: true });
  });

  it('enables a schema for Profile (once, and again without harm)', async () => {
    const schemas = await value<SchemaSummary[]>('schemas.list', {});
    const events = schemas.find((s) => s.title === 'XDM Loader Events');
    expect(events?.profileEnabled).toBe(true);
    const again = await value<SchemaSummary>('schemas.enableForProfile', { schemaId: events?.id });
    expect(again).toMatchObject({ id: events?.id, profileEnabled: true });
    const missing = await call('schemas.enableForProfile', { schemaId: 'https://ns.adobe.com/nobody/schemas/none' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses to remove the built-in connection, removes a saved one with its secret', async () => {
    expect(await call('connections.remove', { connectionId: 'local' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await value('connections.remove', { connectionId: id })).toEqual({ removed: id });
    const list = await value<{ connections: ConnectionView[]; activeId: string }>('connections.list', {});
    expect(list.connections.map((c) => c.connection.id)).toEqual(['local']);
    expect(list.activeId).toBe('local');
    expect(await call('credentials.status', { connectionId: id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('never put a secret in any reply', () => {
    expect(replies.length).toBeGreaterThan(15);
    const all = JSON.stringify(replies);
    expect(all).not.toContain(WRONG_SECRET);
    expect(all).not.toContain(sandbox.credentials.clientSecret);
    expect(all).not.toMatch(/access_token|Bearer /);
  });
});
