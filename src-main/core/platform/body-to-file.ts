import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';

/**
 * Writes a response body to a file as it arrives, a chunk at a time.
 * Why: downloads (failed records of a large batch) can be gigabytes; holding them as one string
 * makes memory follow the file size. Why a temporary name: a body cut short (a dropped
 * connection, a kill, a full disk) must never sit under the final name, where a later call would
 * take it for the complete file; the rename happens only once every byte is written and flushed.
 *
 * A failure of the body stream is rethrown as is (the network's: the caller may retry); a failure
 * of the disk is an AppError (not the network's: retrying would not help).
 */
export async function writeBodyToFile(body: ReadableStream<Uint8Array> | null, file: string, expectedBytes?: number): Promise<number> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  const handle = await open(temp, 'w').catch((error: unknown) => {
    throw diskError(file, error);
  });
  let bytes = 0;
  try {
    const reader = body?.getReader();
    for (;;) {
      if (!reader) break;
      const next = await reader.read();
      if (next.done) break;
      await writeAll(handle, next.value, file);
      bytes += next.value.byteLength;
    }
    if (expectedBytes !== undefined && bytes !== expectedBytes) throw new Error(`the body ended after ${bytes} of the ${expectedBytes} bytes announced`);
    await handle.datasync().catch((error: unknown) => {
      throw diskError(file, error);
    });
    await handle.close();
    await rename(temp, file).catch((error: unknown) => {
      throw diskError(file, error);
    });
    return bytes;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array, file: string): Promise<void> {
  try {
    for (let offset = 0; offset < chunk.byteLength;) {
      const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
      offset += bytesWritten;
    }
  } catch (error) {
    throw diskError(file, error);
  }
}

function diskError(file: string, error: unknown): AppError {
  return new AppError('INTERNAL', `${file} could not be written: ${error instanceof Error ? error.message : String(error)}`, { file });
}
