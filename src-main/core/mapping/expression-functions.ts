import { createHash, randomUUID } from 'node:crypto';
import iconv from 'iconv-lite';
import { isXdmDate, isXdmDateTime } from '../../../src-shared/xdm/date-text';
import { compileDatePattern, defaultDatePatterns, formatDate } from './date-pattern';

/**
 * Implementations of the Data Prep functions in the catalog (src-shared/mapping/function-catalog).
 * Why values are `unknown`: expressions mix text, numbers, booleans, dates, arrays and objects
 * like JEXL does; each function coerces what it needs and returns null when its input is null,
 * so a missing cell leaves the field out instead of failing the row.
 */
export type ExprValue = unknown;
export type ExprFunction = (args: ExprValue[]) => ExprValue;

/** A failure of a function on a particular value; the row is rejected with this message. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

const isNull = (v: ExprValue): boolean => v === null || v === undefined;

/** Text form of a value, as JEXL would concatenate it. */
export function asText(v: ExprValue): string {
  if (isNull(v)) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function asInt(v: ExprValue, what: string): number {
  const n = typeof v === 'number' ? v : Number(asText(v).trim());
  if (!Number.isInteger(n)) throw new EvaluationError(`${what} must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}

function textFn(f: (s: string) => ExprValue): ExprFunction {
  return ([s]) => (isNull(s) ? null : f(asText(s)));
}

const TRUE_WORDS = new Set(['y', 'yes', 'on', 'true', '1']);
const FALSE_WORDS = new Set(['n', 'no', 'off', 'false', '0']);

/** JEXL truthiness: null, false, 0, '' and 'false' are false. */
export function truthy(v: ExprValue): boolean {
  if (isNull(v) || v === false || v === 0 || v === '') return false;
  if (typeof v === 'string' && v.toLowerCase() === 'false') return false;
  return true;
}

function parseNumberText(v: ExprValue, integer: boolean, name: string): number | null {
  if (isNull(v)) return null;
  if (typeof v === 'number') {
    if (integer) return Math.trunc(v);
    return v;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  const text = asText(v).trim();
  if (text === '') return null;
  const n = Number(text);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(n)) throw new EvaluationError(`${name}: "${text}" is not a number`);
  if (integer && !Number.isInteger(n)) throw new EvaluationError(`${name}: "${text}" is not a whole number`);
  return n;
}

function toInteger(bits: 32 | 64): ExprFunction {
  const name = bits === 32 ? 'to_integer' : 'to_bigint';
  return ([v]) => {
    const n = parseNumberText(v, true, name);
    if (n === null) return null;
    const limit = bits === 32 ? 2147483647 : Number.MAX_SAFE_INTEGER;
    if (n > limit || n < -limit - (bits === 32 ? 1 : 0)) throw new EvaluationError(`${name}: ${n} is out of range`);
    return n;
  };
}

function hash(algorithm: string): ExprFunction {
  return ([s, charset]) => {
    if (isNull(s)) return null;
    const enc = isNull(charset) ? 'utf-8' : asText(charset);
    if (!iconv.encodingExists(enc)) throw new EvaluationError(`Unknown charset "${enc}"`);
    return createHash(algorithm)
      .update(iconv.encode(asText(s), enc))
      .digest('hex');
  };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): string {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

const patternCache = new Map<string, ReturnType<typeof compileDatePattern>>();
function pattern(p: string): ReturnType<typeof compileDatePattern> {
  let compiled = patternCache.get(p);
  if (!compiled) {
    try {
      compiled = compileDatePattern(p);
    } catch (e) {
      throw new EvaluationError((e as Error).message);
    }
    patternCache.set(p, compiled);
  }
  return compiled;
}

/** Parses a date the way `date(s[, pattern])` does; undefined when it cannot. */
export function parseDateText(text: string, sourcePattern?: string): Date | undefined {
  if (sourcePattern !== undefined) return pattern(sourcePattern).parse(text);
  const t = text.trim();
  if (isXdmDateTime(t)) {
    const d = new Date(t);
    if (!Number.isNaN(d.getTime())) return d;
  }
  if (isXdmDate(t)) return new Date(`${t}T00:00:00Z`);
  for (const { compiled } of defaultDatePatterns) {
    const d = compiled.parse(t);
    if (d) return d;
  }
  return undefined;
}

function toDateValue(v: ExprValue, what: string): Date | null {
  if (isNull(v)) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number') return new Date(v);
  const d = parseDateText(asText(v));
  if (!d) throw new EvaluationError(`${what}: "${asText(v)}" is not a date`);
  return d;
}

function compare(a: ExprValue, b: ExprValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && asText(a).trim() !== '' && asText(b).trim() !== '') return na - nb;
  return asText(a) < asText(b) ? -1 : asText(a) > asText(b) ? 1 : 0;
}

function regex(source: ExprValue): RegExp {
  try {
    return new RegExp(asText(source));
  } catch (e) {
    throw new EvaluationError(`Invalid regular expression: ${(e as Error).message}`);
  }
}

function isEmptyValue(v: ExprValue): boolean {
  if (isNull(v) || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v as object).length === 0;
  return false;
}

function listArgs(args: ExprValue[]): ExprValue[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as ExprValue[]) : args;
}

/** The implementations, keyed like the catalog. Every catalog entry has one (checked by a test). */
export const expressionFunctions: Readonly<Record<string, ExprFunction>> = {
  concat: (args) =>
    args
      .filter((a) => !isNull(a))
      .map(asText)
      .join(''),
  lower: textFn((s) => s.toLowerCase()),
  lcase: textFn((s) => s.toLowerCase()),
  upper: textFn((s) => s.toUpperCase()),
  ucase: textFn((s) => s.toUpperCase()),
  trim: textFn((s) => s.trim()),
  ltrim: textFn((s) => s.trimStart()),
  rtrim: textFn((s) => s.trimEnd()),
  split: ([s, sep]) =>
    isNull(s)
      ? null
      : asText(s)
          .split(asText(sep))
          .filter((p) => p !== ''),
  explode: ([s, re]) => (isNull(s) ? null : asText(s).split(isNull(re) ? ',' : regex(re))),
  substr: ([s, start, length]) => {
    if (isNull(s)) return null;
    const text = asText(s);
    const from = Math.max(0, asInt(start, 'substr start'));
    return isNull(length) ? text.slice(from) : text.slice(from, from + Math.max(0, asInt(length, 'substr length')));
  },
  left: ([s, n]) => (isNull(s) ? null : asText(s).slice(0, Math.max(0, asInt(n, 'left length')))),
  right: ([s, n]) => {
    if (isNull(s)) return null;
    const k = Math.max(0, asInt(n, 'right length'));
    const text = asText(s);
    return k === 0 ? '' : text.slice(-k);
  },
  lpad: ([s, n, p]) => (isNull(s) ? null : asText(s).padStart(asInt(n, 'lpad length'), asText(p))),
  rpad: ([s, n, p]) => (isNull(s) ? null : asText(s).padEnd(asInt(n, 'rpad length'), asText(p))),
  replacestr: ([s, find, repl]) => (isNull(s) ? null : asText(s).split(asText(find)).join(asText(repl))),
  replace: ([s, find, repl]) => (isNull(s) ? null : asText(s).split(asText(find)).join(asText(repl))),
  instr: ([s, sub, start, occurrence]) => {
    if (isNull(s)) return null;
    const text = asText(s);
    const needle = asText(sub);
    let from = isNull(start) ? 0 : asInt(start, 'instr start') - 1;
    let count = isNull(occurrence) ? 1 : asInt(occurrence, 'instr occurrence');
    for (;;) {
      const at = text.indexOf(needle, Math.max(0, from));
      if (at === -1) return 0;
      if (--count <= 0) return at + 1;
      from = at + 1;
    }
  },
  join: ([sep, arr]) =>
    isNull(arr)
      ? null
      : (Array.isArray(arr) ? arr : [arr])
          .filter((a) => !isNull(a))
          .map(asText)
          .join(asText(sep)),
  coalesce: (args) => args.find((a) => !isNull(a) && a !== '') ?? null,
  first: (args) => listArgs(args)[0] ?? null,
  last: (args) => {
    const list = listArgs(args);
    return list[list.length - 1] ?? null;
  },
  iif: ([cond, a, b]) => (truthy(cond) ? a : b),
  decode: ([key, ...pairs]) => {
    for (let i = 0; i + 1 < pairs.length; i += 2) if (asText(pairs[i]) === asText(key)) return pairs[i + 1];
    return pairs.length % 2 === 1 ? pairs[pairs.length - 1] : null;
  },
  is_empty: ([v]) => isEmptyValue(v),
  size_of: ([v]) => {
    if (isNull(v)) return 0;
    if (Array.isArray(v)) return v.length;
    if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v as object).length;
    return asText(v).length;
  },
  nullify: () => null,
  to_integer: toInteger(32),
  to_bigint: toInteger(64),
  to_float: ([v]) => parseNumberText(v, false, 'to_float'),
  to_decimal: ([v]) => parseNumberText(v, false, 'to_decimal'),
  to_boolean: ([v]) => {
    if (isNull(v)) return null;
    if (typeof v === 'boolean') return v;
    const word = asText(v).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw new EvaluationError(`to_boolean: "${asText(v)}" is not a boolean`);
  },
  now: () => new Date().toISOString(),
  timestamp: () => Date.now(),
  date: ([s, p, fallback]) => {
    const orDefault = (): ExprValue => (isNull(fallback) || fallback === '' ? null : toDateValue(fallback, 'date default'));
    if (isNull(s) || s === '') return orDefault();
    if (s instanceof Date) return s;
    if (typeof s === 'number') return new Date(s);
    const d = parseDateText(asText(s), isNull(p) ? undefined : asText(p));
    if (d) return d;
    if (fallback !== undefined) return orDefault();
    throw new EvaluationError(`date: "${asText(s)}" does not match ${isNull(p) ? 'any known date format' : `the pattern "${asText(p)}"`}`);
  },
  format: ([d, p]) => {
    const date = toDateValue(d, 'format');
    return date === null ? null : formatDate(date, asText(p));
  },
  dformat: ([ms, p]) => {
    if (isNull(ms)) return null;
    const n = parseNumberText(ms, true, 'dformat');
    return n === null ? null : formatDate(new Date(n), asText(p));
  },
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  md5: hash('md5'),
  crc32: ([s, charset]) => {
    if (isNull(s)) return null;
    const enc = isNull(charset) ? 'utf-8' : asText(charset);
    if (!iconv.encodingExists(enc)) throw new EvaluationError(`Unknown charset "${enc}"`);
    return crc32(iconv.encode(asText(s), enc));
  },
  uuid: () => randomUUID(),
  guid: () => randomUUID(),
  to_object: (args) => {
    if (args.length % 2 !== 0) throw new EvaluationError('to_object needs key/value pairs');
    const out: Record<string, ExprValue> = {};
    for (let i = 0; i < args.length; i += 2) if (!isNull(args[i + 1])) out[asText(args[i])] = args[i + 1];
    return out;
  },
  to_array: ([includeNulls, ...values]) => (truthy(includeNulls) ? values.map((v) => (v === undefined ? null : v)) : values.filter((v) => !isNull(v))),
  extract_regex: ([s, re]) => {
    if (isNull(s)) return null;
    const m = regex(re).exec(asText(s));
    return m ? [...m].map((g) => g ?? null) : null;
  },
  matches_regex: ([s, re]) => {
    if (isNull(s)) return false;
    const m = regex(re).exec(asText(s));
    return m !== null && m[0] === asText(s);
  },
  min: (args) =>
    listArgs(args)
      .filter((a) => !isNull(a))
      .reduce<ExprValue>((acc, v) => (acc === null || compare(v, acc) < 0 ? v : acc), null),
  max: (args) =>
    listArgs(args)
      .filter((a) => !isNull(a))
      .reduce<ExprValue>((acc, v) => (acc === null || compare(v, acc) > 0 ? v : acc), null),
  json_to_object: ([s]) => {
    if (isNull(s)) return null;
    try {
      return JSON.parse(asText(s)) as ExprValue;
    } catch (e) {
      throw new EvaluationError(`json_to_object: ${(e as Error).message}`);
    }
  },
};

/** Method implementations (`s.equals(t)`). */
export const expressionMethods: Readonly<Record<string, (target: ExprValue, args: ExprValue[]) => ExprValue>> = {
  equals: (t, [o]) => !isNull(t) && asText(t) === asText(o),
  equalsIgnoreCase: (t, [o]) => !isNull(t) && asText(t).toLowerCase() === asText(o).toLowerCase(),
};

export { compare as compareValues };
