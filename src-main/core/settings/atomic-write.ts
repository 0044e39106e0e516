import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../files/make-folder';

/**
 * Writes a file so that readers see either the old content or the new, never half of it.
 * Why: the settings file is rewritten on every edit; a crash or a full disk in the middle of a
 * plain write would leave a truncated file and lose every connection. We write a sibling temp
 * file, flush it to disk, then rename it over the target (atomic on the same file system).
 */
export async function writeFileAtomic(target: string, content: string, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(target);
  await makeFolder(dir);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w', options.mode ?? 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Flushes the directory entry of the rename; not supported on every platform, so best effort. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on directories; the rename itself has already happened.
  }
}
