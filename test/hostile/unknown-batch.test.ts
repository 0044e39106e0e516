import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedSandbox } from '../../src-main/host/embedded-sandbox';
import { runInProcess } from '../cli/cli-harness';

/** `failed` on a batch id that does not exist says so and fails (it said "no failed records", exit 0). */

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-unknown-batch-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('failed on an unknown batch', () => {
  it('fails with one line and writes nothing', async () => {
    const sandbox = createEmbeddedSandbox({ dataDir: () => home });
    const out = path.join(home, 'failed-out');
    const run = await runInProcess(['failed', '01NOSUCHBATCH0000000000000', '--out', out], 160, {
      dataDir: () => home,
      localSandbox: () => sandbox.endpoint(),
      dispose: () => sandbox.close(),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/01NOSUCHBATCH0000000000000/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
