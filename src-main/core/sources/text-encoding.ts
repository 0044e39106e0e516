import iconv from 'iconv-lite';
import type { TextEncoding } from '../../../src-shared/domain/inspection';

/**
 * Encoding detection and head decoding.
 * Why: files come from Excel on Windows (UTF-16 or Windows-1252), from databases (UTF-8, with or
 * without BOM) and from old exports (Latin-1); previewing them with the wrong decoder shows
 * mojibake, and a 1 MiB cut may split a multibyte character, which must not turn a valid UTF-8
 * file into "Latin-1".
 */

export interface DetectedEncoding {
  readonly encoding: TextEncoding;
  readonly bom: boolean;
  /** Bytes the BOM takes at the start of the file (0 without one). */
  readonly bomLength: number;
}

/** Bytes sampled to recognise UTF-16 without a BOM. */
const UTF16_SAMPLE_BYTES = 4096;

/**
 * BOM first; then UTF-16 by where the NUL bytes sit (ASCII text in UTF-16LE has a NUL at every
 * odd offset, in UTF-16BE at every even one); then UTF-8 if the bytes are valid UTF-8, else
 * Latin-1. Returns null when NUL bytes appear without the UTF-16 pattern (a binary file).
 */
export function detectEncoding(bytes: Uint8Array, truncated: boolean): DetectedEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true, bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bom: true, bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bom: true, bomLength: 2 };

  const utf16 = utf16ByNulPattern(bytes);
  if (utf16) return { encoding: utf16, bom: false, bomLength: 0 };
  if (bytes.includes(0)) return null;

  const complete = truncated ? bytes.subarray(0, completeUtf8Length(bytes)) : bytes;
  return { encoding: isValidUtf8(complete) || mostlyUtf8(complete) ? 'utf-8' : 'latin1', bom: false, bomLength: 0 };
}

/**
 * True when the bytes hold at least as many valid multibyte UTF-8 characters as invalid bytes
 * (and some).
 * Why: one stray byte in a UTF-8 file used to make the whole file Windows-1252, garbling every
 * accented character (`ZoÃ«`). Valid multibyte sequences almost never occur by chance in
 * Windows-1252 text, so such a file is read as UTF-8, and the reader stops at the stray byte
 * and says where it is (a mixed file is reported, not guessed). A tie (one `ë`, one stray byte,
 * in a short head) is such a file too: read as Windows-1252 it would be garbled without a word.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    if ((bytes[i] as number) < 0x80) {
      i += 1;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      valid += 1;
      i += length;
    } else {
      invalid += 1;
      i += 1;
    }
  }
  return valid > 0 && valid >= invalid;
}

/**
 * Length of the valid UTF-8 sequence of two to four bytes that starts at `i`, 0 when the bytes
 * there are not one, and -1 when they are its valid start but the bytes end first.
 * (WHATWG's rules: no overlong forms, no surrogates, nothing above U+10FFFF.)
 */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
  let need: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) need = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    need = 2;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    need = 3;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k <= need; k += 1) {
    if (i + k >= bytes.length) return -1;
    const byte = bytes[i + k] as number;
    if (k === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return 0;
  }
  return need + 1;
}

/** Index of the first byte that cannot be UTF-8, or -1 (a sequence cut off by the end is not counted). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    if ((bytes[i] as number) < 0x80) {
      i += 1;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    if (length < 0) return -1;
    i += length;
  }
  return -1;
}

function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, UTF16_SAMPLE_BYTES) / 2);
  if (pairs === 0) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs; i += 1) {
    if (bytes[2 * i] === 0) evenNuls += 1;
    if (bytes[2 * i + 1] === 0) oddNuls += 1;
  }
  if (oddNuls / pairs > 0.3 && evenNuls / pairs < 0.05) return 'utf-16le';
  if (evenNuls / pairs > 0.3 && oddNuls / pairs < 0.05) return 'utf-16be';
  return null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Length of `bytes` without a UTF-8 sequence cut off at its end. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(3, end); back += 1) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? end - back : end;
  }
  return end;
}

/**
 * The iconv-lite name for each encoding. "latin1" decodes as Windows-1252, as browsers do
 * (WHATWG Encoding Standard): it is ISO-8859-1 plus the curly quotes, euro sign and dashes that
 * Windows exports put in 0x80-0x9F, where ISO-8859-1 has only invisible control codes.
 */
export function iconvName(encoding: TextEncoding): iconv.Encoding {
  switch (encoding) {
    case 'utf-8':
      return 'utf8';
    case 'utf-16le':
      return 'utf16le';
    case 'utf-16be':
      return 'utf16be';
    case 'latin1':
      return 'win1252';
  }
}

/**
 * Decodes a head: the BOM is dropped, and when the file goes on, so is a character cut in two
 * at the end (a partial UTF-8 sequence, an odd UTF-16 byte, a lone high surrogate).
 */
export function decodeHead(bytes: Uint8Array, detected: DetectedEncoding, truncated: boolean): string {
  let body = bytes.subarray(detected.bomLength);
  if (truncated) {
    if (detected.encoding === 'utf-8') body = body.subarray(0, completeUtf8Length(body));
    if (detected.encoding === 'utf-16le' || detected.encoding === 'utf-16be') body = body.subarray(0, body.length - (body.length % 2));
  }
  let text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), iconvName(detected.encoding), { stripBOM: false });
  if (truncated && text.length > 0) {
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
  }
  return text;
}

/**
 * Share of characters that do not occur in text files (C0 controls other than tab, line feed,
 * form feed, vertical tab and carriage return), over the first 64 Ki characters.
 */
export function controlCharRatio(text: string): number {
  const length = Math.min(text.length, 65_536);
  if (length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && (code < 0x09 || code > 0x0d)) controls += 1;
  }
  return controls / length;
}
