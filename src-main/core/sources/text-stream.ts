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

/** Bytes read from disk at a time (fewer reads, and the next one overlaps the parsing). */
const READ_BYTES = 256 * 1024;

/**
 * Bytes decoded into one piece of text.
 * Why this small: V8 puts a string of more than 128 KiB straight into the old generation's
 * large-object space, which only a full collection frees. A 256 KiB chunk of text with one
 * non-Latin-1 character decodes to a 512 KiB two-byte string, and the carried-over row and
 * papaparse each copy it again, so the old generation filled with dead text and full
 * collections ran ten times per 100 MB. Pieces of 32 KiB keep every copy in the young
 * generation, where it dies cheaply (full collections fell from 10 to 3 per 100 MB prepared).
 */
const TEXT_BYTES = 32 * 1024;

/** Bytes of the file read so far, updated before each chunk is yielded (progress for the batch readers). */
export interface ReadCounter {
  bytesRead: number;
}

/**
 * Where to read a byte range of the file from, and the offsets at which a piece must end.
 * Why stops: a prepare job split over threads checks that each thread's start offset is a row
 * boundary by looking at the parser's state exactly there, so the text must be cut at it.
 */
export interface TextRange {
  /** First byte to read (after a line break; a BOM is only stripped at offset 0). */
  readonly start: number;
  /** Ascending absolute byte offsets greater than `start`. */
  readonly stops: readonly number[];
}

/** Decoded text and, when the piece ends exactly at one of the range's stops, that stop's index (else -1). */
export interface TextPiece {
  readonly text: string;
  readonly stop: number;
}

/**
 * Pull-based: the next chunk is read from disk only when the consumer asks for it, so a slow
 * consumer holds the file stream's one buffered chunk, never a read-ahead of the whole file.
 */
export async function* readTextChunks(path: string, encoding: TextEncoding, label: string, counter?: ReadCounter): AsyncGenerator<string> {
  for await (const piece of readTextPieces(path, encoding, label, counter)) yield piece.text;
}

/**
 * {@link readTextChunks} over a byte range, cut at the range's stops. Only for encodings in
 * which a line break is one byte never found inside another character (UTF-8, Latin-1), so a
 * stop right after a line break never splits a character or a CRLF.
 */
export async function* readTextPieces(path: string, encoding: TextEncoding, label: string, counter?: ReadCounter, range?: TextRange): AsyncGenerator<TextPiece> {
  const start = range?.start ?? 0;
  const stops = range?.stops ?? [];
  const stream = createReadStream(path, { highWaterMark: READ_BYTES, start });
  const decoder = iconv.getDecoder(iconvName(encoding), { stripBOM: start === 0 });
  let pendingCr = false;
  const normalize = (decoded: string, final: boolean): string => {
    let text = pendingCr ? `\r${decoded}` : decoded;
    pendingCr = !final && text.endsWith('\r');
    if (pendingCr) text = text.slice(0, -1);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  };
  let offset = start;
  let next = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (counter) counter.bytesRead += chunk.length;
      // Decode in pieces of TEXT_BYTES at most, cut at every stop inside the chunk, so a piece
      // ends exactly there.
      for (let from = 0; from < chunk.length; ) {
        const stop = next < stops.length ? (stops[next] as number) - offset : Number.POSITIVE_INFINITY;
        const to = Math.min(from + TEXT_BYTES, chunk.length, stop);
        const text = normalize(decoder.write(chunk.subarray(from, to)), false);
        if (to === stop) {
          yield { text, stop: next };
          next += 1;
        } else if (text !== '') yield { text, stop: -1 };
        from = to;
      }
      offset += chunk.length;
    }
  } catch (error) {
    throw unreadableFile(label, error);
  } finally {
    stream.destroy();
  }
  const rest = normalize(decoder.end() ?? '', true);
  if (rest !== '') yield { text: rest, stop: -1 };
}
