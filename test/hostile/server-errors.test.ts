import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatch, putFile } from '../../src-main/core/platform/batch-ingestion';
import { listDatasets } from '../../src-main/core/platform/catalog';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import { startSandbox, type RunningSandbox } from '../../src-main/core/sandbox/index';
import { serverWaitLine } from '../../src-main/cli/commands/upload';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';
import { writePrepared } from '../core/jobs/upload/upload-harness';
import { mountSmallDisk, type SmallDisk } from './small-disk';

/**
 * Server-side failures are the server's: a full disk on the Local sandbox is a 507 said as the
 * server's storage at once (it was "check your network, VPN or proxy" after 146 s), and a
 * Retry-After longer than the retry budget stops the upload with the server's own wait (it said
 * "wait a minute" to a 600 s Retry-After), unless the user lets the CLI wait it out.
 */

const canMount = process.platform === 'linux' && process.getuid?.() === 0;

describe.skipIf(!canMount)('the Local sandbox on a full disk', () => {
  let disk: SmallDisk;
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    disk = await mountSmallDisk(24 * 1024);
    if ('dir' in disk) sandbox = await startSandbox({ dataDir: path.join(disk.dir, 'sandbox') });
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    if ('dir' in disk) await disk.unmount();
  });

  it("answers 507, and the client says it is the server's storage, not the network, at once", async () => {
    if (sandbox === undefined || !('dir' in disk)) throw new Error(`no small disk: ${'skip' in disk ? disk.skip : ''}`);
    const running = sandbox;
    const service = createConnectionService({
      store: createConnectionStore({ dataDir: disk.dir }),
      secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
      logger: silentLogger,
      localSandbox: () => running,
    });
    const client = await service.client('local');
    const dataset = (await listDatasets(client)).find((d) => d.name === 'XDM Loader Customers');
    if (!dataset) throw new Error('the seeded Customers dataset is missing');
    const batch = await createBatch(client, { datasetId: dataset.id, format: 'json' });
    const started = Date.now();
    const error = await putFile(
      client,
      { batchId: batch.id, datasetId: dataset.id, fileName: 'big.json' },
      { data: new Uint8Array(64 * 1024 * 1024).fill(32) },
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^Batch Ingestion has no space left to store what was sent \(507\)/);
    expect(error?.message).toMatch(/not your network/);
    expect(error?.message).not.toMatch(/check your network/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});

describe('a Retry-After beyond the retry budget', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await openSandbox();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it("stops the upload at once with the server's own wait and when to try again", async () => {
    const prepared = await writePrepared(f.dir, 'throttled', { parts: 1, rowsPerPart: 5 });
    f.sandbox.faults.add({ action: 'status', status: 429, retryAfterSeconds: 600, path: '/data/foundation/import', method: 'POST', times: 1 });
    const started = Date.now();
    const run = await runCliAgainst(f.sandbox, f.dir, ['upload', prepared.dir, '--dataset', f.customers.id, '--no-confirm']);
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    expect(run.stderr).toMatch(
      /Batch Ingestion answered 429 on POST \/data\/foundation\/import\/batches and asked to wait 600 s before trying again, longer than the 120 s this call may take\. Try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(`xdm-loader upload --wait-retry-after` waits it out\)/,
    );
    expect(run.stderr).not.toMatch(/Wait a minute/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('with --wait-retry-after the CLI shows the wait before it waits', () => {
    const line = serverWaitLine({ service: 'Batch Ingestion', status: 429, waitMs: 600_000, until: new Date('2026-12-07T02:10:00.000Z') });
    expect(line).toBe('  Batch Ingestion answered 429 and asked to wait 600 s: waiting until 2026-12-07T02:10:00Z (Ctrl+C stops; the same command resumes).');
  });
});
