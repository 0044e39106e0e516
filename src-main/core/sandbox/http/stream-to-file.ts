/**
 * Streams a request body to a file with a byte ceiling, never holding it in memory.
 *
 * Uploads are up to 256 MB (PUT) or 512,000,000 bytes (a chunk). A PUT's body is piped through a
 * counter into a temporary file that is renamed into place only when the whole body arrived, so an
 * interrupted or oversized upload never replaces a good file. A chunk's body is written at its
 * offset of the file being assembled (`streamIntoFile`): the counter stops it before it could spill
 * past its range, and the caller forgets the range when the write fails.
 */
import { closeSync, createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileArea } from '../store/file-area';

export class TooLargeError extends Error {}

/** Passes bytes through while counting them; fails before forwarding the chunk that crosses `maxBytes`. */
function byteCounter(maxBytes: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) cb(new TooLargeError(`The body is larger than ${maxBytes} bytes`));
      else cb(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/** Writes `stream` to `file` (atomically), returning the byte count; throws `TooLargeError` above `maxBytes`. */
export async function streamToFile(stream: Readable, file: string, maxBytes: number): Promise<number> {
  FileArea.ensureParent(file);
  const tmp = `${file}.part-${process.pid}-${Date.now()}`;
  const counter = byteCounter(maxBytes);
  try {
    await pipeline(stream, counter, createWriteStream(tmp));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  renameSync(tmp, file);
  return counter.bytes;
}

/**
 * Writes `stream` into `file` from byte `position` on (creating the file, never truncating it),
 * returning the byte count; throws `TooLargeError` above `maxBytes`, having written at most
 * `maxBytes` bytes. Concurrent calls on one file are safe when their ranges do not overlap.
 */
export async function streamIntoFile(stream: Readable, file: string, position: number, maxBytes: number): Promise<number> {
  FileArea.ensureParent(file);
  closeSync(openSync(file, 'a')); // Creates it if missing, keeps what other chunks wrote.
  const counter = byteCounter(maxBytes);
  await pipeline(stream, counter, createWriteStream(file, { flags: 'r+', start: position }));
  return counter.bytes;
}
