/**
 * The Data Prep functions XDM Loader evaluates locally, with their arity.
 * Why a catalog in src-shared: the parser checks names and argument counts as the user types
 * (in the renderer too), while the implementations, some needing Node's crypto, live in main.
 * Names follow Adobe's Data Prep reference (dataprep-notes §2); `replace` and `to_boolean`
 * are our additions (Data Prep spells the first `replacestr` and has no second).
 */
export interface FunctionSpec {
  min: number;
  /** Maximum argument count; `Infinity` for variadic functions. */
  max: number;
  signature: string;
  summary: string;
  /** True when AEP's Data Prep does not know this function (export warns). */
  localOnly?: boolean;
}

const v = Number.POSITIVE_INFINITY;

export const functionCatalog: Readonly<Record<string, FunctionSpec>> = {
  concat: { min: 1, max: v, signature: 'concat(s1, s2, …)', summary: 'Joins values as text; nulls are skipped.' },
  lower: { min: 1, max: 1, signature: 'lower(s)', summary: 'Lower case.' },
  lcase: { min: 1, max: 1, signature: 'lcase(s)', summary: 'Lower case.' },
  upper: { min: 1, max: 1, signature: 'upper(s)', summary: 'Upper case.' },
  ucase: { min: 1, max: 1, signature: 'ucase(s)', summary: 'Upper case.' },
  trim: { min: 1, max: 1, signature: 'trim(s)', summary: 'Removes leading and trailing white space.' },
  ltrim: { min: 1, max: 1, signature: 'ltrim(s)', summary: 'Removes leading white space.' },
  rtrim: { min: 1, max: 1, signature: 'rtrim(s)', summary: 'Removes trailing white space.' },
  split: { min: 2, max: 2, signature: 'split(s, separator)', summary: 'Splits text; empty parts are dropped.' },
  explode: { min: 1, max: 2, signature: 'explode(s, regex?)', summary: 'Splits text by a regular expression (default ","), keeping empty parts.' },
  substr: { min: 2, max: 3, signature: 'substr(s, start, length?)', summary: 'Part of the text from a 0-based start.' },
  left: { min: 2, max: 2, signature: 'left(s, n)', summary: 'First n characters.' },
  right: { min: 2, max: 2, signature: 'right(s, n)', summary: 'Last n characters.' },
  lpad: { min: 3, max: 3, signature: 'lpad(s, n, pad)', summary: 'Pads on the left to n characters.' },
  rpad: { min: 3, max: 3, signature: 'rpad(s, n, pad)', summary: 'Pads on the right to n characters.' },
  replacestr: { min: 3, max: 3, signature: 'replacestr(s, find, replacement)', summary: 'Replaces every occurrence of a text.' },
  replace: { min: 3, max: 3, signature: 'replace(s, find, replacement)', summary: 'Alias of replacestr.', localOnly: true },
  instr: { min: 2, max: 4, signature: 'instr(s, sub, start?, occurrence?)', summary: '1-based position of a text, 0 when absent.' },
  join: { min: 2, max: 2, signature: 'join(separator, array)', summary: 'Joins array items with a separator.' },
  coalesce: { min: 1, max: v, signature: 'coalesce(v1, v2, …)', summary: 'First value that is not null or empty.' },
  first: { min: 1, max: v, signature: 'first(v1, …)', summary: 'First argument (or first item of one array).' },
  last: { min: 1, max: v, signature: 'last(v1, …)', summary: 'Last argument (or last item of one array).' },
  iif: { min: 3, max: 3, signature: 'iif(condition, whenTrue, whenFalse)', summary: 'Chooses by a condition.' },
  decode: { min: 3, max: v, signature: 'decode(key, k1, v1, …, default?)', summary: 'Looks a key up in pairs.' },
  is_empty: { min: 1, max: 1, signature: 'is_empty(v)', summary: 'True for null, empty text, empty arrays and objects.' },
  size_of: { min: 1, max: 1, signature: 'size_of(v)', summary: 'Length of a text, array or object.' },
  nullify: { min: 0, max: 0, signature: 'nullify()', summary: 'Null: leaves the field out.' },
  to_integer: { min: 1, max: 1, signature: 'to_integer(v)', summary: 'Whole number (32-bit).' },
  to_bigint: { min: 1, max: 1, signature: 'to_bigint(v)', summary: 'Whole number (64-bit, as far as JSON is exact).' },
  to_float: { min: 1, max: 1, signature: 'to_float(v)', summary: 'Decimal number.' },
  to_decimal: { min: 1, max: 1, signature: 'to_decimal(v)', summary: 'Decimal number (a double).' },
  to_boolean: { min: 1, max: 1, signature: 'to_boolean(v)', summary: 'yes/no, true/false, on/off, y/n → boolean.', localOnly: true },
  now: { min: 0, max: 0, signature: 'now()', summary: 'Current date-time (ISO 8601, UTC).' },
  timestamp: { min: 0, max: 0, signature: 'timestamp()', summary: 'Current epoch milliseconds.' },
  date: { min: 1, max: 3, signature: 'date(s, pattern?, default?)', summary: 'Parses a date with a Java-style pattern (or known formats).' },
  format: { min: 2, max: 2, signature: 'format(date, pattern)', summary: 'Formats a date with a Java-style pattern.' },
  dformat: { min: 2, max: 2, signature: 'dformat(epochMs, pattern)', summary: 'Formats epoch milliseconds with a Java-style pattern.' },
  sha1: { min: 1, max: 2, signature: 'sha1(s, charset?)', summary: 'SHA-1 hex digest.' },
  sha256: { min: 1, max: 2, signature: 'sha256(s, charset?)', summary: 'SHA-256 hex digest.' },
  sha512: { min: 1, max: 2, signature: 'sha512(s, charset?)', summary: 'SHA-512 hex digest.' },
  md5: { min: 1, max: 2, signature: 'md5(s, charset?)', summary: 'MD5 hex digest.' },
  crc32: { min: 1, max: 2, signature: 'crc32(s, charset?)', summary: 'CRC-32 as hex.' },
  uuid: { min: 0, max: 0, signature: 'uuid()', summary: 'A random UUID.' },
  guid: { min: 0, max: 0, signature: 'guid()', summary: 'A random UUID.' },
  to_object: { min: 2, max: v, signature: 'to_object(k1, v1, k2, v2, …)', summary: 'Builds an object from key/value pairs.' },
  to_array: { min: 2, max: v, signature: 'to_array(includeNulls, v1, …)', summary: 'Builds an array.' },
  extract_regex: { min: 2, max: 2, signature: 'extract_regex(s, regex)', summary: 'The match and its groups, or null.' },
  matches_regex: { min: 2, max: 2, signature: 'matches_regex(s, regex)', summary: 'True when the whole text matches.' },
  min: { min: 1, max: v, signature: 'min(v1, …)', summary: 'Smallest value.' },
  max: { min: 1, max: v, signature: 'max(v1, …)', summary: 'Largest value.' },
  json_to_object: { min: 1, max: 1, signature: 'json_to_object(s)', summary: 'Parses JSON text.' },
};

/** Methods callable as `value.name(args)`. */
export const methodCatalog: Readonly<Record<string, FunctionSpec>> = {
  equals: { min: 1, max: 1, signature: 's.equals(t)', summary: 'Exact text equality.' },
  equalsIgnoreCase: { min: 1, max: 1, signature: 's.equalsIgnoreCase(t)', summary: 'Case-insensitive text equality.' },
};

/** Describes the accepted argument count for an error message. */
export function arityText(spec: FunctionSpec): string {
  if (spec.min === spec.max) return `${spec.min} argument${spec.min === 1 ? '' : 's'}`;
  if (spec.max === Number.POSITIVE_INFINITY) return `at least ${spec.min} argument${spec.min === 1 ? '' : 's'}`;
  return `${spec.min} to ${spec.max} arguments`;
}
