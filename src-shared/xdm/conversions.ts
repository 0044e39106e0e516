import { epochMillisToDate, epochMillisToDateTime, isEpochMillis, isXdmDate, isXdmDateTime } from './date-text';
import type { ConversionIssueKind } from './issue-kinds';
import { childPath } from './issue-kinds';
import type { XdmSchemaNode, XdmType } from './xdm-schema-node';
import { integerRanges, isIntegerXdmType, xdmTypeOf } from './xdm-schema-node';
import { ownValue, setOwn } from '../domain/own-keys';

/**
 * AEP's type conversions on ingestion (aep-notes §9.1), as pure functions.
 * Why here, in src-shared: the client predicts what AEP will accept and the Local sandbox
 * applies the same rules when it ingests; both import this one table so they cannot drift.
 *
 * | inbound ↓ / target →      | string | byte..double | date | date-time | object/map |
 * | string                    | yes    | yes          | yes  | yes       | –          |
 * | byte, short, int, double  | yes    | yes          | –    | –         | –          |
 * | long (an integral number) | yes    | yes          | yes  | yes       | –          |
 * | object, map               | –      | –            | –    | –         | yes        |
 * Booleans and arrays convert to nothing else. `null` and empty strings are refused everywhere.
 */

/** The first problem met while converting a value. `path` is relative to the converted value ('' = itself). */
export interface ConversionIssue {
  kind: ConversionIssueKind;
  message: string;
  path: string;
}

export type ConversionResult = { ok: true; value: unknown } | { ok: false; issue: ConversionIssue };

export interface ConvertOptions {
  /**
   * Also accept Data Prep's boolean words for boolean targets (`y`, `yes`, `on`, `true`, … and
   * `n`, `no`, `off`, `false`, …). Why optional: ingestion of JSON refuses strings in boolean
   * fields, but a mapping from CSV (every cell is text) goes through Data Prep, which parses them.
   */
  dataPrepBooleans?: boolean;
}

const TRUE_WORDS = new Set(['y', 'yes', 'Y', 'YES', 'on', 'ON', 'true', 'TRUE']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'NO', 'off', 'OFF', 'false', 'FALSE']);
const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fail(kind: ConversionIssueKind, message: string, path = ''): ConversionResult {
  return { ok: false, issue: { kind, message, path } };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A short name of the inbound type, in AEP's wording ("expected type: String, found: Long"). */
export function describeInbound(value: unknown): string {
  if (value === null) return 'Null';
  if (typeof value === 'bigint') return 'Long';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Long' : 'Double';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'Array';
  if (value instanceof Date) return 'Date-Time';
  return 'Object';
}

const targetNames: Record<XdmType, string> = {
  string: 'String',
  number: 'Double',
  long: 'Long',
  int: 'Integer',
  short: 'Short',
  byte: 'Byte',
  boolean: 'Boolean',
  date: 'Date',
  'date-time': 'Date-Time',
  object: 'Object',
  array: 'Array',
  map: 'Map',
};

function mismatch(target: XdmType, value: unknown): ConversionResult {
  return fail('type-mismatch', `expected type: ${targetNames[target]}, found: ${describeInbound(value)}`);
}

function checkBounds(n: number, field: XdmSchemaNode): ConversionResult {
  if (field.minimum !== undefined && n < field.minimum) return fail('out-of-range', `${n} is below the minimum ${field.minimum}`);
  if (field.maximum !== undefined && n > field.maximum) return fail('out-of-range', `${n} is above the maximum ${field.maximum}`);
  if (field.exclusiveMinimum !== undefined && n <= field.exclusiveMinimum) return fail('out-of-range', `${n} must be above ${field.exclusiveMinimum}`);
  if (field.exclusiveMaximum !== undefined && n >= field.exclusiveMaximum) return fail('out-of-range', `${n} must be below ${field.exclusiveMaximum}`);
  return { ok: true, value: n };
}

function toInteger(value: unknown, target: 'byte' | 'short' | 'int' | 'long', field: XdmSchemaNode): ConversionResult {
  let n: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('not-a-number', `${value} is not a finite number`);
    if (!Number.isInteger(value)) return fail('not-an-integer', `${value} is not a whole number`);
    n = value;
  } else if (typeof value === 'bigint') {
    const range = integerRanges[target];
    if (value < BigInt(range.min) || value > BigInt(range.max))
      return fail('out-of-range', `${value} does not fit a ${targetNames[target]} (${range.min}..${range.max})`);
    n = Number(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (!INTEGER_TEXT.test(text)) {
      if (DECIMAL_TEXT.test(text)) return fail('not-an-integer', `"${value}" is not a whole number`);
      return fail('not-a-number', `"${value}" is not a number`);
    }
    const big = BigInt(text);
    const range = integerRanges[target];
    if (big < BigInt(range.min) || big > BigInt(range.max))
      return fail('out-of-range', `${text} does not fit a ${targetNames[target]} (${range.min}..${range.max})`);
    n = Number(big);
  } else {
    return mismatch(target, value);
  }
  const range = integerRanges[target];
  if (n < range.min || n > range.max) return fail('out-of-range', `${n} does not fit a ${targetNames[target]} (${range.min}..${range.max})`);
  return checkBounds(n, field);
}

function toNumber(value: unknown, field: XdmSchemaNode): ConversionResult {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint') n = Number(value);
  else if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL_TEXT.test(text)) return fail('not-a-number', `"${value}" is not a number`);
    n = Number(text);
  } else return mismatch('number', value);
  if (!Number.isFinite(n)) return fail('not-a-number', `${String(value)} is not a finite number`);
  return checkBounds(n, field);
}

function toStringValue(value: unknown): ConversionResult {
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('not-a-number', `${value} is not a finite number`);
    return { ok: true, value: String(value) };
  }
  if (typeof value === 'bigint') return { ok: true, value: value.toString() };
  return mismatch('string', value);
}

function epochFrom(value: unknown): number | undefined {
  if (typeof value === 'number' && isEpochMillis(value)) return value;
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (isEpochMillis(n)) return n;
  }
  return undefined;
}

function toDate(value: unknown): ConversionResult {
  if (typeof value === 'string') {
    if (isXdmDate(value)) return { ok: true, value };
    return fail('invalid-date', `"${value}" is not a valid date (expected yyyy-MM-dd)`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('invalid-date', 'invalid date');
    return { ok: true, value: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const ms = epochFrom(value);
    if (ms === undefined) return mismatch('date', value);
    return { ok: true, value: epochMillisToDate(ms) };
  }
  return mismatch('date', value);
}

function toDateTime(value: unknown): ConversionResult {
  if (typeof value === 'string') {
    if (isXdmDateTime(value)) return { ok: true, value };
    return fail('invalid-date-time', `"${value}" is not a valid date-time (expected yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS] with Z or ±HH:mm)`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail('invalid-date-time', 'invalid date-time');
    return { ok: true, value: value.toISOString() };
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const ms = epochFrom(value);
    if (ms === undefined) return mismatch('date-time', value);
    return { ok: true, value: epochMillisToDateTime(ms) };
  }
  return mismatch('date-time', value);
}

function toBoolean(value: unknown, options: ConvertOptions): ConversionResult {
  if (typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'string' && options.dataPrepBooleans) {
    if (TRUE_WORDS.has(value.trim())) return { ok: true, value: true };
    if (FALSE_WORDS.has(value.trim())) return { ok: true, value: false };
    return fail('invalid-boolean', `"${value}" is not a boolean (yes/no, true/false, on/off, y/n)`);
  }
  return mismatch('boolean', value);
}

/** The schema of field `key` of an object node; keys are the user's, so own keys only. */
function ownField(node: XdmSchemaNode, key: string): XdmSchemaNode | undefined {
  return node.properties ? (ownValue(node.properties, key) as XdmSchemaNode | undefined) : undefined;
}

function prefixed(issue: ConversionIssue, key: string | number): ConversionIssue {
  const inner = issue.path;
  const here = childPath('', key);
  const path = inner === '' ? here : inner.startsWith('[') ? `${here}${inner}` : `${here}.${inner}`;
  return { ...issue, path };
}

function toObject(value: unknown, field: XdmSchemaNode, target: 'object' | 'map', options: ConvertOptions): ConversionResult {
  if (!isPlainObject(value)) return mismatch(target, value);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = target === 'map' ? (typeof field.additionalProperties === 'object' ? field.additionalProperties : undefined) : ownField(field, key);
    if (!childSchema) {
      // Unknown keys are not a conversion matter: the validator reports them.
      setOwn(out, key, child);
      continue;
    }
    const converted = convertValue(child, childSchema, options);
    if (!converted.ok) return { ok: false, issue: prefixed(converted.issue, key) };
    setOwn(out, key, converted.value);
  }
  return { ok: true, value: out };
}

function toArray(value: unknown, field: XdmSchemaNode, options: ConvertOptions): ConversionResult {
  if (!Array.isArray(value)) return mismatch('array', value);
  if (!field.items) return { ok: true, value };
  const out: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    const converted = convertValue(value[i], field.items, options);
    if (!converted.ok) return { ok: false, issue: prefixed(converted.issue, i) };
    out.push(converted.value);
  }
  return { ok: true, value: out };
}

/**
 * Converts one inbound value to the XDM type of `field`, as AEP does on ingestion.
 * Why a result and not a throw: a bad value is data, not a bug; the caller records the issue
 * against the field path and carries on with the next row.
 */
export function convertValue(value: unknown, field: XdmSchemaNode, options: ConvertOptions = {}): ConversionResult {
  if (value === null || value === undefined) return fail('null-value', 'null values are not accepted; leave the field out instead');
  if (value === '') return fail('empty-value', 'empty values are not accepted; leave the field out instead');
  const target = xdmTypeOf(field);
  if (isIntegerXdmType(target)) return toInteger(value, target, field);
  switch (target) {
    case 'string':
      return toStringValue(value);
    case 'number':
      return toNumber(value, field);
    case 'boolean':
      return toBoolean(value, options);
    case 'date':
      return toDate(value);
    case 'date-time':
      return toDateTime(value);
    case 'object':
    case 'map':
      return toObject(value, field, target, options);
    case 'array':
      return toArray(value, field, options);
    default:
      return mismatch(target, value);
  }
}

/**
 * Converts a whole record, collecting every conversion issue instead of stopping at the first.
 * Issue paths are full paths from the root (`person.name.firstName`, `items[0].SKU`).
 * Why: a reject report lists every reason for a row, and the sandbox's failed-record file too.
 * Fields that fail are left out of the returned value; unknown keys pass through unchanged.
 */
export function convertTree(value: unknown, schema: XdmSchemaNode, options: ConvertOptions = {}, path = ''): { value: unknown; issues: ConversionIssue[] } {
  const issues: ConversionIssue[] = [];
  const target = xdmTypeOf(schema);
  if ((target === 'object' || target === 'map') && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const childSchema =
        target === 'map' ? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined) : ownField(schema, key);
      if (!childSchema) {
        setOwn(out, key, child);
        continue;
      }
      const inner = convertTree(child, childSchema, options, childPath(path, key));
      issues.push(...inner.issues);
      if (inner.value !== undefined) setOwn(out, key, inner.value);
    }
    return { value: out, issues };
  }
  if (target === 'array' && Array.isArray(value) && schema.items) {
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const inner = convertTree(item, schema.items as XdmSchemaNode, options, childPath(path, i));
      issues.push(...inner.issues);
      if (inner.value !== undefined) out.push(inner.value);
    });
    return { value: out, issues };
  }
  const result = convertValue(value, schema, options);
  if (result.ok) return { value: result.value, issues };
  const suffix = result.issue.path;
  const full = suffix === '' ? path : suffix.startsWith('[') ? `${path}${suffix}` : childPath(path, suffix);
  issues.push({ ...result.issue, path: full });
  return { value: undefined, issues };
}
