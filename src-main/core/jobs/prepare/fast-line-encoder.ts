import type { FastPlan } from './fast-plan';
import type { RowEvaluator } from './fast-row-evaluator';
import { ABSENT } from './fast-row-evaluator';

/**
 * What a clean row becomes in a JSON Lines part. `template`: every value and identity is present,
 * so the line is the plan's template with the values in its gaps; {@link LineEncoder.encode}
 * writes it, at most `maxBytes` bytes ('\n' included). `text`: the template does not cover the
 * row (a value or an identity is absent), here is the line's JSON text.
 */
export type EncodedLine = { kind: 'template'; maxBytes: number } | { kind: 'text'; json: string };

export interface LineEncoder {
  /** Prepares the row the evaluator last found clean. */
  prepare(): EncodedLine;
  /**
   * Writes the row last prepared as `template` into `out` from `at`: exactly the UTF-8 bytes of
   * its JSON text and '\n', at most the `maxBytes` prepare gave. Returns the offset after it.
   */
  encode(out: Buffer, at: number): number;
  /** The JSON text of the row last prepared as `template`. */
  text(): string;
}

/** Characters JSON.stringify escapes in a string (lone surrogates included): those take the slow way. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A converted value as JSON, exactly as JSON.stringify writes it. */
function jsonValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * Writes `text` as a JSON string (quotes included) in UTF-8 at `at`; returns the offset after it.
 * Why by hand: the line's text is never built, so there is no string to flatten and encode in a
 * second pass. Characters JSON escapes, and surrogates, are rare: such a value is written as
 * JSON.stringify gives it, by Buffer#write. `out` has room for 6 bytes per code unit plus 2.
 */
function writeJsonString(text: string, out: Buffer, at: number): number {
  let o = at;
  out[o++] = 0x22;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x22 || c === 0x5c) return at + out.write(JSON.stringify(text), at);
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      return at + out.write(JSON.stringify(text), at);
    } else {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  out[o++] = 0x22;
  return o;
}

/** Writes text that is all ASCII (a number or a boolean as String() gives it) at `at`; anything else by Buffer#write. */
function writeText(text: string, out: Buffer, at: number): number {
  let o = at;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return at + out.write(text, at);
    out[o++] = c;
  }
  return o;
}

/** Copies a template fragment's bytes (TypedArray#set measured faster than a byte loop, even on short ones). */
function writeBytes(bytes: Uint8Array, out: Buffer, at: number): number {
  out.set(bytes, at);
  return at + bytes.length;
}

export function createLineEncoder(plan: FastPlan, row: RowEvaluator): LineEncoder {
  const template = plan.template;
  const fragments = template?.fragments ?? [];
  const gaps = template?.gaps ?? [];
  const identityRules = plan.identities.length;
  /** The template's fragments as UTF-8, and the bytes they add up to with the line's '\n'. */
  const fragmentBytes = fragments.map((f) => Buffer.from(f));
  const fixedBytes = fragmentBytes.reduce((sum, b) => sum + b.length, 1);
  /** The prepared row's values in template order: a string value, or a number's or boolean's text. */
  const texts: string[] = new Array<string>(gaps.length);
  const quoted: boolean[] = new Array<boolean>(gaps.length);
  /** The result object for template rows, reused: the caller reads it before the next row. */
  const templated: { kind: 'template'; maxBytes: number } = { kind: 'template', maxBytes: 0 };

  const prepare = (): EncodedLine => {
    const values = row.values;
    let complete = template !== null && row.idCount === identityRules;
    for (let i = 0; complete && i < values.length; i++) complete = values[i] !== ABSENT;
    if (!complete) return { kind: 'text', json: JSON.stringify(row.record()) };
    let bound = fixedBytes;
    for (let i = 0; i < gaps.length; i++) {
      const at = gaps[i] as number;
      const value = at >= 0 ? values[at] : row.ids[-1 - at];
      if (typeof value === 'string') {
        texts[i] = value;
        quoted[i] = true;
        // A code unit takes at most 3 bytes in UTF-8, and 6 once escaped as \uXXXX; plus the quotes.
        bound += value.length * 6 + 2;
      } else {
        // Finite numbers and booleans: String() and JSON.stringify agree (conversion refuses NaN and Infinity).
        const text = String(value);
        texts[i] = text;
        quoted[i] = false;
        bound += text.length * 3;
      }
    }
    templated.maxBytes = bound;
    return templated;
  };

  return {
    prepare,
    encode(out, at) {
      let o = writeBytes(fragmentBytes[0] as Buffer, out, at);
      for (let i = 0; i < texts.length; i++) {
        o = quoted[i] ? writeJsonString(texts[i] as string, out, o) : writeText(texts[i] as string, out, o);
        o = writeBytes(fragmentBytes[i + 1] as Buffer, out, o);
      }
      out[o++] = 0x0a;
      return o;
    },
    text() {
      let out = fragments[0] as string;
      for (let i = 0; i < texts.length; i++) out += (quoted[i] ? jsonValue(texts[i] as string) : (texts[i] as string)) + (fragments[i + 1] as string);
      return out;
    },
  };
}
