import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src-main/cli/context';
import { runCli } from '../../src-main/cli/program';
import { createEmbeddedSandbox, type LocalSandboxInfo } from '../../src-main/host/embedded-sandbox';

/**
 * The CLI with the built-in "Local sandbox" connection: the emulator starts on first use inside
 * the command and is closed when the command ends, so a script needs no server of its own.
 */
let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-cli-local-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const started: LocalSandboxInfo[] = [];
  const sandbox = createEmbeddedSandbox({ dataDir: () => home, onStarted: (s) => started.push(s) });
  const ctx: CliContext = {
    out: { write: (text: string) => (stdout += text) },
    err: { write: (text: string) => (stderr += text) },
    version: '9.9.9-test',
    env: {},
    width: 160,
    dataDir: () => home,
    localSandbox: () => sandbox.endpoint(),
    dispose: () => sandbox.close(),
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr, started, running: sandbox.running() };
}

describe('xdm-loader with the Local sandbox', () => {
  it('tests the built-in connection, then closes the emulator it started', async () => {
    const result = await run(['connection', 'test', 'Local sandbox']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Testing "Local sandbox"');
    expect(result.stdout).toContain('The connection works.');
    expect(result.started).toHaveLength(1);
    expect(result.running).toBeNull();
    await expect(fetch(`${result.started[0]?.url}/ims/token/v3`, { method: 'POST' })).rejects.toThrow();
  });

  it('lists the seeded schemas and datasets of the active (built-in) connection as JSON', async () => {
    const schemas = await run(['schemas', '--json']);
    expect(schemas.code).toBe(0);
    const parsed = JSON.parse(schemas.stdout) as Array<{ title: string; profileEnabled: boolean }>;
    expect(parsed).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'XDM Loader Customers', profileEnabled: true })]));
    const datasets = await run(['datasets']);
    expect(datasets.code).toBe(0);
    expect(datasets.stdout).toMatch(/XDM Loader Events/);
    expect(datasets.stdout).toMatch(/2 datasets\./);
  });

  it('lists connections without starting the emulator', async () => {
    const result = await run(['connection', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\*\s+Local sandbox\s+\(embedded\)\s+built in/);
    expect(result.started).toHaveLength(0);
  });
});
