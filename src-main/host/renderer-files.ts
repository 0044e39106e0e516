import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The renderer build's files, for both transports (Electron's app:// protocol and browser mode).
 * Why one module: the rules that keep the rest of the disk out of reach must not differ between them.
 */

/** MIME types of what a Vite build emits; anything else is served as bytes. */
const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
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
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(filePath: string): string {
  return mimeTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  path: string;
  size: number;
  contentType: string;
}

/**
 * Maps a request path to a file under the renderer build, or null.
 * Why so careful: the server runs with the user's rights, so a path that decodes to `..`,
 * a NUL byte, a dotfile or a symlink leading out of the build must not read anything else
 * on the disk. Only regular files strictly under `root` are ever returned.
 */
export async function resolveStaticFile(root: string, requestPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relativeUrlPath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relativeUrlPath.split('/');
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return null;

  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(root);
    realFile = await realpath(path.resolve(realRoot, ...segments));
  } catch {
    return null;
  }
  if (!isInside(realRoot, realFile)) return null;
  try {
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    return { path: realFile, size: info.size, contentType: mimeTypeFor(realFile) };
  } catch {
    return null;
  }
}

/** Whether `child` lies strictly under `parent` (both absolute, resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
