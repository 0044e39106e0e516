import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../src-shared/ipc/requests/batches';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter, type Router } from '../../src-main/ipc/router';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { customer, ingest, openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';
import { writePrepared } from '../core/jobs/upload/upload-harness';

/**
 * The command and the screens tell the same story.
 * `xdm-loader status BATCH --json` and the Batches screen's data (`batches.get` through the router)
 * are the same document for the same batch: one uploaded into the Local sandbox by `xdm-loader
 * upload` (so this machine holds its journal), one whose records failed, and one sent by another
 * client (Catalog only). The CLI and the router run over the same data folder and sandbox, as the
 * app and the command do on a steward's machine.
 */
let f: SandboxFixture;
let router: Router<RequestContext>;
const ctx: RequestContext = { transport: 'websocket' };

beforeAll(async () => {
  f = await openSandbox();
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: f.dir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    localSandbox: () => f.sandbox,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: f.dir });
  router = createRouter(
    createHandlers({ files: new FileRegistry(), info, connections, jobs: new JobRegistry({ emit: () => undefined }), dataDir: f.dir, uploadRetention: false }),
  );
}, 60_000);

afterAll(async () => {
  await f?.close();
});

async function uploadWithCli(
  name: string,
  options: { rows: number; badEvery?: number; firstId: number },
): Promise<{ batchId: string; jobDir: string; code: number }> {
  const prepared = await writePrepared(f.dir, name, {
    parts: 1,
    rowsPerPart: options.rows,
    firstId: options.firstId,
    ...(options.badEvery ? { badEvery: options.badEvery } : {}),
  });
  const run = await runCliAgainst(f.sandbox, f.dir, ['upload', prepared.dir, '--dataset', f.customers.id, '--poll-interval', '50', '--no-confirm', '--json']);
  const result = JSON.parse(run.stdout) as { batchId: string; jobDir: string };
  return { ...result, code: run.code };
}

/** Both sides for one batch: what the command prints and what the screen receives. */
async function bothSides(batchId: string): Promise<{ cli: unknown; screen: BatchSummary }> {
  const status = await runCliAgainst(f.sandbox, f.dir, ['status', batchId, '--json']);
  expect(status.stderr).toBe('');
  expect(status.code).toBe(0);
  const reply = await router.handle('batches.get', { batchId }, ctx);
  if (!reply.ok) throw new Error(`batches.get failed: ${reply.error.message}`);
  return { cli: JSON.parse(status.stdout) as unknown, screen: reply.value as BatchSummary };
}

describe('xdm-loader status --json and the Batches screen', () => {
  it('tell the same story about a batch this machine uploaded: Catalog and the local journal, merged alike', async () => {
    const { batchId, jobDir, code } = await uploadWithCli('sent-ok', { rows: 25, firstId: 100 });
    expect(code).toBe(0);
    const { cli, screen } = await bothSides(batchId);
    expect(cli).toEqual(screen);
    expect(screen).toMatchObject({
      batchId,
      datasetId: f.customers.id,
      status: 'success',
      recordsWritten: 25,
      recordsFailed: 0,
      source: 'both',
      job: { jobDir, recordsExpected: 25 },
    });
    // Without --json the command says the same in words, with the job that sent it.
    const words = await runCliAgainst(f.sandbox, f.dir, ['status', batchId]);
    expect(words.stdout).toContain(`Batch ${batchId}: success`);
    expect(words.stdout).toContain(`Job folder       ${jobDir}`);
  }, 60_000);

  it('agree on a failed batch: its counts and its errors', async () => {
    const { batchId, code } = await uploadWithCli('sent-bad', { rows: 20, badEvery: 4, firstId: 300 });
    expect(code).toBe(1);
    const { cli, screen } = await bothSides(batchId);
    expect(cli).toEqual(screen);
    expect(screen).toMatchObject({ status: 'failed', recordsFailed: 5, source: 'both' });
    expect(screen.errors.length).toBeGreaterThan(0);
  }, 60_000);

  it('agree on a batch another client sent: Catalog only, no local job', async () => {
    const batch = await ingest(f.client, f.customers.id, [customer(900), customer(901)]);
    const { cli, screen } = await bothSides(batch.id);
    expect(cli).toEqual(screen);
    expect(screen).toMatchObject({ batchId: batch.id, status: 'success', recordsWritten: 2, source: 'catalog' });
    expect(screen.job).toBeUndefined();
  }, 60_000);
});

describe("xdm-loader uploads --json and the Jobs screen's history", () => {
  it('list the same journaled uploads, in the same words, with the batches they sent', async () => {
    const listed = await runCliAgainst(f.sandbox, f.dir, ['uploads', '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    const reply = await router.handle('uploads.list', {}, ctx);
    if (!reply.ok) throw new Error(`uploads.list failed: ${reply.error.message}`);
    const screen = reply.value as LocalUploadShape[];
    expect(JSON.parse(listed.stdout)).toEqual(screen);
    // The two uploads above (this file's tests run in order): one succeeded, one failed; both on the Local sandbox.
    expect(screen.map((u) => u.state).sort()).toEqual(['failed', 'succeeded']);
    expect(screen.every((u) => u.connectionId === 'local' && u.batches.length === 1)).toBe(true);
    const words = await runCliAgainst(f.sandbox, f.dir, ['uploads']);
    expect(words.stdout).toContain(screen[0]?.batches[0]?.batchId);
  }, 60_000);
});

describe('an upload sent again as a new batch', () => {
  it('is a second row of its own in uploads.list and `xdm-loader uploads`, with its own batch', async () => {
    const prepared = await writePrepared(f.dir, 'sent-twice', { parts: 1, rowsPerPart: 7, firstId: 500 });
    const upload = async (again: boolean) => {
      const run = await runCliAgainst(f.sandbox, f.dir, [
        'upload',
        prepared.dir,
        '--dataset',
        f.customers.id,
        '--poll-interval',
        '50',
        '--no-confirm',
        '--json',
        ...(again ? ['--again'] : []),
      ]);
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { batchId: string; jobDir: string };
    };
    const first = await upload(false);
    const second = await upload(true);
    // One job folder (same input, dataset and target), two batches.
    expect(second.jobDir).toBe(first.jobDir);
    expect(second.batchId).not.toBe(first.batchId);

    const reply = await router.handle('uploads.list', {}, ctx);
    if (!reply.ok) throw new Error(`uploads.list failed: ${reply.error.message}`);
    const rows = (reply.value as LocalUploadShape[]).filter((u) => u.jobDir === first.jobDir);
    // Newest first, each with only the batch its run sent.
    expect(rows.map((u) => ({ run: u.run, state: u.state, records: u.recordsExpected, batches: u.batches.map((b) => b.batchId) }))).toEqual([
      { run: 2, state: 'succeeded', records: 7, batches: [second.batchId] },
      { run: 1, state: 'succeeded', records: 7, batches: [first.batchId] },
    ]);
    expect(rows[0]?.batches[0]).toMatchObject({ status: 'success', recordsWritten: 7 });
    expect(rows[0]!.startedAt > rows[1]!.startedAt).toBe(true);

    const listed = await runCliAgainst(f.sandbox, f.dir, ['uploads', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual(reply.value);
    const words = (await runCliAgainst(f.sandbox, f.dir, ['uploads'])).stdout.split('\n');
    expect(words.filter((l) => l.includes(first.batchId))).toHaveLength(1);
    expect(words.filter((l) => l.includes(second.batchId))).toHaveLength(1);
    expect(words.findIndex((l) => l.includes(second.batchId))).not.toBe(words.findIndex((l) => l.includes(first.batchId)));
  }, 90_000);
});
