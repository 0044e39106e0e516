import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates a folder and its missing parents, one level at a time.
 * Why not `mkdir(dir, { recursive: true })`: on Linux it loops forever where mkdir answers
 * ENOENT although the parent exists (`/proc/x`: `prepare --out /proc/x` hung until killed).
 * Here each missing level is created once, from the nearest existing ancestor down, and a level
 * that cannot be made is an error naming it. `mode` is given to every level it creates, as
 * `mkdir`'s own `mode` is (a private folder: 0o700).
 */
export async function makeFolder(dir: string, options: { mode?: number } = {}): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const info = await stat(current).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (info !== undefined) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is a file, not a folder`), { code: 'ENOTDIR', path: current });
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    await mkdir(level, options.mode).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return;
      // ENOENT with the parent in place: a file system that takes no folders (/proc, /sys).
      if (e.code === 'ENOENT') throw Object.assign(new Error('the file system there does not take new folders'), { path: level });
      throw e;
    });
  }
}
