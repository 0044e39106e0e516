import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS } from '../host/csp';
import { resolveStaticFile } from '../host/renderer-files';
import { APP_HOST, APP_SCHEME } from './security-policy';

/**
 * Serves the renderer build for the app:// protocol.
 * Why here and not in protocol.ts: this is plain Node (a Request in, a Response out), so the
 * rules that matter (only files inside the build folder, exact MIME types, the CSP on every
 * response, traversal refused) are tested without Electron.
 */

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
 * The path part of an app:// URL, or null when the URL is not for our own host.
 * Why: only `app://xdm/...` is ours; which file that path may name is decided by the shared
 * resolver (decoded, resolved, symlinks followed, still inside the build).
 */
export function appRequestPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') return null;
  return parsed.pathname;
}

/** Answers one app:// request from the files under `root`. */
export async function serveAppFile(request: Pick<Request, 'method' | 'url'>, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const requestPath = appRequestPath(request.url);
  if (requestPath === null) return refuse(403, 'Forbidden');
  const file = await resolveStaticFile(root, requestPath);
  if (file === null) return refuse(404, 'Not found');
  const headers = { ...baseHeaders(), 'content-type': file.contentType, 'content-length': String(file.size) };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  try {
    return new Response(new Uint8Array(await readFile(file.path)), { status: 200, headers });
  } catch {
    return refuse(404, 'Not found');
  }
}
