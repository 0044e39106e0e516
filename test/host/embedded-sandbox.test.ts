import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerClient, locateWorker } from '../../src-main/core/workers/index';
import { createEmbeddedSandbox, type LocalSandboxInfo } from '../../src-main/host/embedded-sandbox';
import type { SandboxWorkerApi, SandboxWorkerClientOptions } from '../../src-main/host/sandbox-worker-api';

/**
 * The embedded sandbox's life around its worker thread, with a fake sandbox worker: a thread that
 * dies takes the sandbox with it, and the next request starts a fresh one on the same port.
 */
let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-embedded-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const fakeWorker = (options: SandboxWorkerClientOptions = {}) =>
  new WorkerClient<SandboxWorkerApi>({
    name: 'fake sandbox',
    entry: () => locateWorker(import.meta.url, { source: './fake-sandbox-worker.ts', bundle: 'none.mjs' }),
    log: () => undefined,
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
  });

describe('createEmbeddedSandbox', () => {
  it('restarts a sandbox whose worker died, on the port it had', async () => {
    const started: LocalSandboxInfo[] = [];
    const sandbox = createEmbeddedSandbox({ dataDir: () => path.join(home, 'crash'), onStarted: (s) => started.push(s), worker: fakeWorker });
    try {
      const first = await sandbox.endpoint();
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:4\d{4}$/);
      expect(sandbox.running()?.url).toBe(first.url);
      // The fake's thread exits 50 ms after starting: the sandbox is gone with it.
      await expect.poll(() => sandbox.running(), { timeout: 10_000 }).toBeNull();
      const second = await sandbox.endpoint();
      expect(second.url).toBe(first.url);
      expect(started.map((s) => s.url)).toEqual([first.url, first.url]);
    } finally {
      await sandbox.close();
    }
  });

  it('shares one start between concurrent callers, and refuses after close', async () => {
    const started: LocalSandboxInfo[] = [];
    const sandbox = createEmbeddedSandbox({ dataDir: () => home, onStarted: (s) => started.push(s), worker: fakeWorker });
    const [a, b] = await Promise.all([sandbox.endpoint(), sandbox.endpoint()]);
    expect(a).toEqual(b);
    expect(started).toHaveLength(1);
    await sandbox.close();
    expect(sandbox.running()).toBeNull();
    await expect(sandbox.endpoint()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    await sandbox.close();
  });
});
