import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/csp';
import { nodeBundleOptions } from '../../scripts/build-config.mjs';
import { makeRendererDir, openSocket } from './helpers';

/**
 * The entry the e2e tests start, dist/web/serve.mjs, bundled from the sources under test with the
 * build's own options (scripts/build-config.mjs) into a private folder.
 * Why a bundle: started through tsx, each spawn compiled the whole main-process graph again
 * (about 4 s of CPU per spawn); the bundle starts as the shipped file does.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
// Inside the repository, so the bundle's bare imports (fastify, ws...) resolve from node_modules.
const outRoot = path.join(root, 'node_modules', '.cache', `xdm-loader-serve-test-${process.pid}`);
const entry = path.join(outRoot, 'web', 'serve.mjs');
let base: string | null = null;

beforeAll(async () => {
  const options = nodeBundleOptions(root, outRoot).find((o) => o.outfile === entry);
  if (!options) throw new Error(`scripts/build-config.mjs has no bundle for ${path.relative(outRoot, entry)}`);
  await build(options);
});

afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
  base = null;
});

describe('browser-mode entry', () => {
  it('prints one JSON line when listening, serves the page, and exits cleanly on SIGTERM', async () => {
    const dirs = await makeRendererDir();
    base = dirs.base;
    const home = path.join(dirs.base, 'home');
    const child = spawn(process.execPath, [entry, '--json', '--port', '0', '--renderer-dir', dirs.rendererDir], {
      env: { ...process.env, XDM_LOADER_HOME: home, DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
    });
    const printed = JSON.parse(firstLine) as { url: string; port: number; token: string };
    expect(printed.url).toBe(`http://127.0.0.1:${printed.port}/#token=${printed.token}`);
    expect(existsSync(home)).toBe(true);

    const page = await fetch(`http://127.0.0.1:${printed.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const socket = await openSocket(`ws://127.0.0.1:${printed.port}/ws?token=${printed.token}`, `http://127.0.0.1:${printed.port}`);
    expect(socket.kind).toBe('open');
    if (socket.kind === 'open') socket.socket.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a bad --port', async () => {
    const child = spawn(process.execPath, [entry, '--port', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be 0..65535');
  });
});
