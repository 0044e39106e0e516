import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/csp';
import { makeRendererDir, openSocket } from './helpers';

/** The entry the e2e tests start (dist/web/serve.mjs), run from source through tsx. */
const entry = path.resolve('src-main/web/main.ts');
let base: string | null = null;

afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
  base = null;
});

describe('browser-mode entry', () => {
  it('prints one JSON line when listening, serves the page, and exits cleanly on SIGTERM', async () => {
    const dirs = await makeRendererDir();
    base = dirs.base;
    const home = path.join(dirs.base, 'home');
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--json', '--port', '0', '--renderer-dir', dirs.rendererDir], {
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
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be 0..65535');
  });
});
