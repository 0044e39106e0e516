/**
 * The `sandbox` CLI command: `--json` prints one parsable line and the server answers; SIGTERM-like
 * shutdown is exercised by resolving the action's wait through `process.emit`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src-main/cli/commands/sandbox';

describe('xdm-loader sandbox', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('prints one JSON line, serves, and closes on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xdm-cli-sandbox-'));
    dirs.push(dir);
    const lines: string[] = [];
    const sink = { write: (chunk: string) => lines.push(chunk) };
    const ctx = { out: sink, err: sink, version: '0.0.0', env: {}, width: 120, dataDir: () => dir };
    const program = new Command();
    register(program, ctx);
    const run = program.parseAsync(['node', 'xdm-loader', 'sandbox', '--json', '--data', dir]);
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    const info = JSON.parse(lines[0] ?? '') as { url: string; orgId: string; clientId: string; clientSecret: string; sandboxName: string };
    expect(Object.keys(info).sort()).toEqual(['clientId', 'clientSecret', 'orgId', 'sandboxName', 'url']);
    const health = await fetch(`${info.url}/_sandbox/health`);
    expect(((await health.json()) as { orgId: string }).orgId).toBe(info.orgId);
    process.emit('SIGTERM');
    await run;
    await expect(fetch(`${info.url}/_sandbox/health`)).rejects.toThrow();
  });
});
