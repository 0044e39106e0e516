import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { unreadableFile } from './source-errors';
import { iconvName } from './text-encoding';

/**
 * A whole text file as decoded chunks with line breaks normalised to '\n'.
 * Why: the row readers parse what inspection parsed (same decoder, same single line break)
 * while holding one chunk at a time; a CRLF or a multibyte character split between two chunks is
 * stitched back together here.
 */

/** Bytes read from disk per chunk. */
const CHUNK_BYTES = 256 * 1024;

/** Bytes of the file read so far, updated before each chunk is yielded (progress for the batch readers). */
export interface ReadCounter {
  bytesRead: number;
}

/**
 * Pull-based: the next chunk is read from disk only when the consumer asks for it, so a slow
 * consumer holds the file stream's one buffered chunk, never a read-ahead of the whole file.
 */
export async function* readTextChunks(path: string, encoding: TextEncoding, label: string, counter?: ReadCounter): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decoder = iconv.getDecoder(iconvName(encoding), { stripBOM: true });
  let pendingCr = false;
  const normalize = (decoded: string, final: boolean): string => {
    let text = pendingCr ? `\r${decoded}` : decoded;
    pendingCr = !final && text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (counter) counter.bytesRead += chunk.length;
      const text = normalize(decoder.write(chunk), false);
      if (text !== '') yield text;
    }
  } catch (error) {
    throw unreadableFile(label, error);
  } finally {
    stream.destroy();
  }
  const rest = normalize(decoder.end() ?? '', true);
  if (rest !== '') yield rest;
}
