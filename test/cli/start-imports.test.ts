import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './cli-harness';

/**
 * What the CLI loads before any command runs. Every module loaded at start stays resident in
 * every command's process: `xdm-loader prepare` of a 4 GB file carried the Local sandbox's web
 * server (Fastify, about 25 MB alone) and the keychain's native module, which it never uses, in
 * its peak RSS. Those two are loaded by the code that uses them (sandbox/http/server.ts,
 * secrets/keyring-secret-store.ts), so the program and all its commands must load without them.
 */
describe('xdm-loader at start', () => {
  it('loads neither Fastify nor the keychain module', () => {
    const program = pathToFileURL(path.join(repoRoot, 'src-main/cli/program.ts')).href;
    const probe = [
      "import { createRequire } from 'node:module';",
      `const { createProgram } = await import(${JSON.stringify(program)});`,
      'createProgram({ out: process.stdout, err: process.stderr, version: "0" });',
      'const loaded = Object.keys(createRequire(import.meta.url).cache).map((f) => f.replace(/\\\\/g, "/"));',
      'console.log(JSON.stringify(loaded.filter((f) => /\\/node_modules\\/(fastify|@napi-rs\\/keyring[^/]*|commander)\\//.test(f)).map((f) => f.replace(/.*\\/node_modules\\//, "").split("/").slice(0, f.includes("@napi-rs") ? 2 : 1).join("/"))));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const packages = new Set(JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as string[]);
    // The probe sees CommonJS packages loaded: commander is one the program needs.
    expect(packages.has('commander')).toBe(true);
    expect([...packages].filter((p) => p !== 'commander')).toEqual([]);
  }, 90_000);
});
