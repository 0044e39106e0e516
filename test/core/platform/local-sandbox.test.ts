import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-shared/domain/errors';
import { type RunningSandbox, startSandbox } from '../../../src-main/core/sandbox/index';
import { createConnectionService, type ConnectionService } from '../../../src-main/core/platform/connection-service';
import { listDatasets } from '../../../src-main/core/platform/catalog';
import { getEntity } from '../../../src-main/core/platform/profile-access';
import { getRegistryStats, listSchemas } from '../../../src-main/core/platform/schema-registry';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';
import type { SecretStore } from '../../../src-main/core/secrets/secret-store';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';
import { recordingLogger } from './canned-aep';

/**
 * The client against the Local sandbox with faults injected (design §5, §6).
 * Why: the canned server proves the retry logic; this proves it against an independent
 * implementation of the same contract, with AEP's real status sequences and bodies.
 */
const noKeychain: SecretStore = {
  description: 'none',
  get: async () => null,
  set: async () => undefined,
  delete: async () => false,
};

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('client against the Local sandbox with injected faults', () => {
  let sandbox: RunningSandbox;
  let dataDir: string;
  let service: ConnectionService;
  let logger: ReturnType<typeof recordingLogger>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-local-'));
    sandbox = await startSandbox({ dataDir: path.join(dataDir, 'sandbox') });
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sandbox.faults.clear();
    logger = recordingLogger();
    // A fresh service per test: a fresh token cache, and a retry policy that keeps tests quick.
    service = createConnectionService({
      store: createConnectionStore({ dataDir }),
      secrets: createSecretResolver({ store: noKeychain }),
      logger,
      retry: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 400, maxElapsedMs: 20_000 },
      localSandbox: () => sandbox,
    });
  });

  it('passes the connection test, and never logs the secret or a token', async () => {
    const report = await service.test('Local sandbox');
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(report.steps[1]?.detail).toContain(sandbox.tenantId);
    const log = logger.lines.join('\n');
    expect(log).not.toContain(sandbox.credentials.clientSecret);
    expect(log).not.toMatch(/Bearer|access_token/);
  });

  it('lists schemas, datasets and namespaces in the shapes the screens use', async () => {
    const [schemas, datasets, namespaces] = await Promise.all([service.listSchemas('local'), service.listDatasets('local'), service.listNamespaces('local')]);
    expect(Array.isArray(schemas)).toBe(true);
    expect(Array.isArray(datasets)).toBe(true);
    expect(namespaces.map((n) => n.code)).toEqual(expect.arrayContaining(['ECID', 'Email']));
  });

  it('waits out 429 with Retry-After and completes', async () => {
    sandbox.faults.add({ path: '/data/foundation/catalog', method: 'GET', action: 'status', status: 429, retryAfterSeconds: 1, times: 2 });
    const client = await service.client('local');
    const started = Date.now();
    await expect(listDatasets(client)).resolves.toBeInstanceOf(Array);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(logger.lines.filter((l) => l.includes('"status":429'))).toHaveLength(2);
  });

  it('retries 503 and dropped connections on reads and completes', async () => {
    sandbox.faults.add({ path: '/data/foundation/schemaregistry', method: 'GET', action: 'status', status: 503, times: 2 });
    sandbox.faults.add({ path: '/data/core/idnamespace', method: 'GET', action: 'drop', times: 2 });
    const client = await service.client('local');
    await expect(getRegistryStats(client)).resolves.toMatchObject({ tenantId: sandbox.tenantId });
    await expect(service.listNamespaces('local')).resolves.not.toHaveLength(0);
  });

  it('renews tokens that expire during a sequence of calls', async () => {
    sandbox.faults.configure({ tokenLifetimeSeconds: 1 });
    const client = await service.client('local');
    for (let i = 0; i < 4; i += 1) {
      await expect(listSchemas(client)).resolves.toBeInstanceOf(Array);
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    const tokenRequests = logger.lines.filter((l) => l.includes('ims token'));
    expect(tokenRequests.length).toBeGreaterThanOrEqual(2);
    expect(logger.lines.filter((l) => l.includes('"status":401')).length).toBeLessThanOrEqual(tokenRequests.length);
  });

  it('gives up within the bounds when the fault does not stop', async () => {
    sandbox.faults.add({ path: '/data/foundation/catalog', method: 'GET', action: 'status', status: 503 });
    const client = await service.client('local');
    const started = Date.now();
    const error = await failureOf(listDatasets(client));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toContain('after 5 attempts');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('explains a Profile Access 403 as a missing entitlement, not as "not found"', async () => {
    sandbox.faults.configure({ profileEntitlement: false });
    const client = await service.client('local');
    const error = await failureOf(getEntity(client, { entityId: 'jane@example.com', namespace: 'Email' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/entitle/i);
  });
});
