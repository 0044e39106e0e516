import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, mimeTypeFor, resolveStaticFile } from '../../src-main/host/renderer-files';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'xdm-static-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html>');
  await writeFile(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(path.join(root, '.env'), 'SECRET=1');
  await writeFile(path.join(base, 'secret.txt'), 'outside');
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveStaticFile', () => {
  it('serves index.html for / and files under the root with their MIME type', async () => {
    expect(await resolveStaticFile(root, '/')).toMatchObject({ path: expect.stringMatching(/index\.html$/), contentType: 'text/html; charset=utf-8' });
    expect(await resolveStaticFile(root, '/assets/app-1a2b.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', size: 14 });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2F..%2Fsecret.txt',
    '/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%00index.html',
    '/index.html%00.js',
    '/.env',
    '/assets/link.txt',
    '/assets',
    '/%E0%A4%A',
    '/missing.js',
  ])('refuses %s', async (requestPath) => {
    expect(await resolveStaticFile(root, requestPath)).toBeNull();
  });

  it('knows the types a Vite build emits', () => {
    expect(mimeTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream');
  });

  it('isInside is strict', () => {
    expect(isInside('/a/b', '/a/b/c')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
  });
});
