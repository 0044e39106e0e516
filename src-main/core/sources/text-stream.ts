import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../src-shared/domain/inspection';
import { AppError } from '../../../src-shared/domain/errors';
import { unreadableFile } from './source-errors';
import { completeUtf8Length, firstInvalidUtf8, iconvName } from './text-encoding';

/**
 * A whole text file as decoded chunks with line breaks normalised to '\n'.
 * Why: the row readers parse what inspection parsed (same decoder, same single line break)
 * while holding one chunk at a time; a CRLF or a multibyte character split between two chunks is
 * stitched back together here. UTF-8 is verified as it is read: bytes that are not UTF-8 stop
 * the read with their byte offset (see {@link notUtf8}), never becoming U+FFFD in the output.
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
export async function* readTextPieces(
  path: string,
  encoding: TextEncoding,
  label: string,
  counter?: ReadCounter,
  range?: TextRange,
): AsyncGenerator<TextPiece> {
  const start = range?.start ?? 0;
  const stops = range?.stops ?? [];
  const stream = createReadStream(path, { highWaterMark: READ_BYTES, start });
  const decoder = encoding === 'utf-8' ? new StrictUtf8Decoder(start, label) : iconv.getDecoder(iconvName(encoding), { stripBOM: start === 0 });
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
      for (let from = 0; from < chunk.length;) {
        const stop = next < stops.length ? (stops[next] as number) - offset : Number.POSITIVE_INFINITY;
        const to = Math.min(from + TEXT_BYTES, chunk.length, stop);
        const text = normalize(decoder.write(chunk.subarray(from, to), offset + from), false);
        if (to === stop) {
          yield { text, stop: next };
          next += 1;
        } else if (text !== '') yield { text, stop: -1 };
        from = to;
      }
      offset += chunk.length;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadableFile(label, error);
  } finally {
    stream.destroy();
  }
  const rest = normalize(decoder.end(offset) ?? '', true);
  if (rest !== '') yield { text: rest, stop: -1 };
}

/**
 * A streaming UTF-8 decoder that refuses invalid bytes.
 * Why: the encoding is decided from the head; a file whose accented names come after it in
 * Windows-1252 decoded as U+FFFD ("Jos\uFFFD") and was uploaded with no word. The native decoder
 * in fatal mode checks every byte at no extra pass; when it throws, the first bad byte is found
 * in this piece (with the bytes of a character the previous piece left open) and named.
 */
class StrictUtf8Decoder {
  readonly #decoder: TextDecoder;
  readonly #label: string;
  /** The bytes of a character the last piece left incomplete, and where they start in the file. */
  #open: Uint8Array = new Uint8Array(0);
  #openAt = 0;

  constructor(start: number, label: string) {
    // The BOM belongs to the top of the file only.
    this.#decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: start !== 0 });
    this.#label = label;
  }

  /** Decodes `bytes`, which start at byte `at` of the file. */
  write(bytes: Uint8Array, at: number): string {
    try {
      const text = this.#decoder.decode(bytes, { stream: true });
      const complete = completeUtf8Length(bytes);
      this.#open = complete < bytes.length ? bytes.slice(complete) : new Uint8Array(0);
      this.#openAt = at + complete;
      return text;
    } catch {
      const joined = new Uint8Array(this.#open.length + bytes.length);
      joined.set(this.#open);
      joined.set(bytes, this.#open.length);
      const bad = firstInvalidUtf8(joined);
      const offset = bad < 0 ? at : this.#openAt + bad;
      throw notUtf8(this.#label, offset, bad < 0 ? undefined : joined[bad]);
    }
  }

  end(at: number): string {
    try {
      return this.#decoder.decode();
    } catch {
      // The file ends inside a character.
      throw notUtf8(this.#label, this.#open.length > 0 ? this.#openAt : at, this.#open[0]);
    }
  }
}

/** The error for bytes that are not UTF-8 in a file read as UTF-8: where, and what to do. */
export function notUtf8(label: string, offset: number, byte: number | undefined): AppError {
  const shown = byte === undefined ? '' : ` (0x${byte.toString(16).toUpperCase().padStart(2, '0')})`;
  return new AppError(
    'FILE_MALFORMED',
    `${label}: the byte at offset ${offset}${shown} is not UTF-8, the encoding found at the top of the file, so the file is not all UTF-8. ` +
      'If it is Windows-1252 (Latin-1), choose that encoding (--encoding latin1); a file that mixes encodings must be fixed where it was exported.',
    { file: label },
  );
}
