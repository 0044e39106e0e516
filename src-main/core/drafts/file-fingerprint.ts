import { open } from 'node:fs/promises';
import { shortHash } from './short-hash';

/** Bytes of the file's head that are hashed. */
const HEAD_BYTES = 64 * 1024;

/**
 * A short fingerprint of a file's content: size, modification time and a hash of its first 64 KiB.
 * Why not a hash of the whole file: files here reach gigabytes, and the fingerprint is taken each
 * time a file is opened. Why this is enough: a draft only needs to notice that the file was
 * edited or replaced since. An edit changes the modification time (and almost always the size);
 * a replacement by another export changes the head, where the header row and first records are,
 * which is what a mapping depends on. A change that keeps size, time and the first 64 KiB alike
 * would have to be made on purpose.
 */
export async function fingerprintFile(filePath: string): Promise<string> {
  const handle = await open(filePath, 'r');
  try {
    const info = await handle.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    let read = 0;
    while (read < head.length) {
      const { bytesRead } = await handle.read(head, read, head.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const digest = shortHash(head.subarray(0, read), 32);
    // Whole milliseconds, rounded: a browser reports a file's time in them, the upload copy is given
    // that time, and a file system may give it back a fraction of a millisecond off.
    return `${info.size}:${Math.round(info.mtimeMs)}:${digest}`;
  } finally {
    await handle.close();
  }
}
