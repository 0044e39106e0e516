/**
 * Streams a request body to a file with a byte ceiling, never holding it in memory.
 *
 * Uploads are up to 256 MB (PUT) or 512,000,000 bytes (a chunk); the body is piped through a
 * counter into a temporary file that is renamed into place only when the whole body arrived, so an
 * interrupted or oversized upload never replaces a good file.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileArea } from '../store/file-area';

export class TooLargeError extends Error {}

/** Writes `stream` to `file` (atomically), returning the byte count; throws `TooLargeError` above `maxBytes`. */
export async function streamToFile(stream: Readable, file: string, maxBytes: number): Promise<number> {
  FileArea.ensureParent(file);
  const tmp = `${file}.part-${process.pid}-${Date.now()}`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) cb(new TooLargeError(`The body is larger than ${maxBytes} bytes`));
      else cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, createWriteStream(tmp));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, file);
  return bytes;
}
