import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveAppFile } from '../../src-main/app/app-files';
import { handleAppProtocol, registerAppScheme } from '../../src-main/app/protocol';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/csp';
import { protocol, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'xdm-app-protocol-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets', 'nested'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>XDM Loader</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1);');
  writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(root, 'assets', 'font.woff2'), 'w');
  writeFileSync(path.join(root, 'assets', 'data.bin'), 'b');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the build');
  mkdirSync(path.join(base, 'renderer-evil'));
  writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'outside the build');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => resetFakeElectron());

const get = (url: string, method = 'GET') => serveAppFile({ url, method }, root);

describe('app:// file serving', () => {
  it('serves index.html for the root and files with their MIME types', async () => {
    for (const [url, type] of [
      ['app://xdm/', 'text/html; charset=utf-8'],
      ['app://xdm/index.html', 'text/html; charset=utf-8'],
      ['app://xdm/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://xdm/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://xdm/assets/logo.svg', 'image/svg+xml'],
      ['app://xdm/assets/font.woff2', 'font/woff2'],
      ['app://xdm/assets/data.bin', 'application/octet-stream'],
      ['app://xdm/assets/index-abc.js?v=2#top', 'text/javascript; charset=utf-8'],
    ] as const) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
    expect(await (await get('app://xdm/')).text()).toContain('<title>XDM Loader</title>');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://xdm/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://xdm/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves a file outside the build folder, however the path is spelled', async () => {
    for (const url of [
      'app://xdm/../secret.txt',
      'app://xdm/%2e%2e/secret.txt',
      'app://xdm/..%2fsecret.txt',
      'app://xdm/%2e%2e%2fsecret.txt',
      'app://xdm/assets/..%2f..%2fsecret.txt',
      'app://xdm/..%5csecret.txt',
      'app://xdm/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://xdm/..%2frenderer-evil/x.js',
      'app://xdm/%00index.html',
      'app://xdm/%E0%A4%A',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('outside the build');
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('refuses other hosts and schemes, and 404s folders and missing files', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://xdm:99/index.html')).status).toBe(403);
    expect((await get('file:///index.html')).status).toBe(403);
    expect((await get('app://xdm/assets')).status).toBe(404);
    expect((await get('app://xdm/assets/nested/')).status).toBe(404);
    expect((await get('app://xdm/missing.js')).status).toBe(404);
  });
});

describe('app:// registration', () => {
  it('registers app as a standard, secure scheme without CSP bypass or service workers', () => {
    registerAppScheme();
    expect(protocol.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('routes app:// requests to the build folder', async () => {
    handleAppProtocol(root);
    const handler = protocol.handlers.get('app');
    expect(handler).toBeDefined();
    const response = await handler?.(new Request('app://xdm/assets/index-abc.js'));
    expect(response?.status).toBe(200);
    expect(await response?.text()).toBe('console.log(1);');
  });
});
