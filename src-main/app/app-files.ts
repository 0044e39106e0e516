import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SECURITY_HEADERS } from '../ipc/csp';
import { APP_HOST, APP_SCHEME } from './security-policy';

/**
 * Serves the renderer build for the app:// protocol.
 * Why here and not in protocol.ts: this is plain Node (a Request in, a Response out), so the
 * rules that matter (only files inside the build folder, exact MIME types, the CSP on every
 * response, traversal refused) are tested without Electron.
 */

/** Content types by extension; anything else is served as opaque bytes. */
const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return mimeTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Headers on every app:// response, errors included: the shared CSP and hardening headers
 * (the same ones browser mode sends). Do not relax.
 */
export function baseHeaders(): Record<string, string> {
  return { ...SECURITY_HEADERS, 'cache-control': 'no-cache' };
}

function refuse(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The file inside `root` that an app:// URL names, or null when the URL must be refused.
 * Why decode then resolve then compare: `..`, `%2e%2e`, encoded slashes and backslashes all
 * end up as a path, and only a resolved path that is still inside `root` is served.
 */
export function resolveAppPath(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const base = path.resolve(root);
  const resolved = path.resolve(base, `.${pathname}`);
  if (!resolved.startsWith(base + path.sep)) return null;
  return resolved;
}

/** Answers one app:// request from the files under `root`. */
export async function serveAppFile(request: Pick<Request, 'method' | 'url'>, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const filePath = resolveAppPath(request.url, root);
  if (filePath === null) return refuse(403, 'Forbidden');
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return refuse(404, 'Not found');
    const headers = { ...baseHeaders(), 'content-type': mimeTypeFor(filePath), 'content-length': String(info.size) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(new Uint8Array(await readFile(filePath)), { status: 200, headers });
  } catch {
    return refuse(404, 'Not found');
  }
}
