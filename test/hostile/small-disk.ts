import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A mounted tmpfs of a given size, or why none could be mounted. */
export type SmallDisk = { dir: string; unmount: () => Promise<void> } | { skip: string };

/**
 * Mounts a tmpfs of `kib` KiB on a new temporary folder: a disk that really fills up.
 * Why a real file system: a full disk is an ENOSPC from the kernel in the middle of a stream
 * write, which no fake reproduces faithfully (the hang this guards against happened only when
 * the stream had already failed). Mounting needs root; elsewhere the caller skips and says why.
 */
export async function mountSmallDisk(kib: number): Promise<SmallDisk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', dir]);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    const reason = `full-disk tests skipped: cannot mount a ${kib} KiB tmpfs here (${(e as Error).message.split('\n')[0] ?? ''})`;
    console.warn(reason);
    return { skip: reason };
  }
  return {
    dir,
    unmount: async () => {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
