/**
 * Record validation with AEP's ingestion conversions (aep-notes §9).
 *
 * Compiled once per schema from the `xed-full` tree, then run on every record of a batch or stream.
 * It both validates and converts (a numeric string into an integer field, epoch milliseconds into a
 * date-time), because AEP stores the converted value. Three outcomes, as AEP reports them:
 * - `ok`: the converted record;
 * - `rejected`: row errors in the `_validationErrors` shape of AEP's failed-record files;
 * - `incompatible`: an inbound type that §9.1 cannot convert at all (`TypeCompatibilityException`),
 *   which fails the whole batch.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

export interface ValidationError extends JsonObject {
  causingExceptions: JsonValue[];
  keyword: string;
  message: string;
  pointerToViolation: string;
  schemaLocation: string;
}

export type ValidationOutcome =
  | { kind: 'ok'; record: JsonObject }
  | { kind: 'rejected'; errors: ValidationError[] }
  | { kind: 'incompatible'; message: string; pointer: string };

type Node =
  | { t: 'object'; props: Map<string, Node>; required: string[] }
  | { t: 'map'; values: Node }
  | { t: 'array'; items: Node }
  | {
      t: 'scalar';
      xdmType: string;
      format?: string;
      enumValues?: JsonValue[];
      pattern?: RegExp;
      minLength?: number;
      maxLength?: number;
      minimum?: number;
      maximum?: number;
    };

/** Storage ranges per integer type: the true two's-complement limits (xdm-notes §3). */
const INT_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
  long: [-9007199254740991, 9007199254740991],
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_TIME_PATTERNS = "yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSZ, yyyy-MM-dd'T'HH:mm:ssXXX, yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX";
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const MAX_ERRORS = 5;

/** An inbound value as readers produce it: JSON plus Parquet's bigint, Date and bytes. */
export type InboundValue = JsonValue | bigint | Date | Uint8Array | undefined | InboundValue[] | { [k: string]: InboundValue };

function compile(node: JsonObject): Node {
  const xdmType = typeof node['meta:xdmType'] === 'string' ? node['meta:xdmType'] : 'object';
  if (xdmType === 'map' || (!isJsonObject(node.properties) && isJsonObject(node.additionalProperties) && node.type === 'object')) {
    return { t: 'map', values: isJsonObject(node.additionalProperties) ? compile(node.additionalProperties) : { t: 'scalar', xdmType: 'string' } };
  }
  if (xdmType === 'object' || node.type === 'object') {
    const props = new Map<string, Node>();
    if (isJsonObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) if (isJsonObject(v)) props.set(k, compile(v));
    const required = Array.isArray(node.required) ? node.required.filter((r): r is string => typeof r === 'string') : [];
    return { t: 'object', props, required };
  }
  if (xdmType === 'array' || node.type === 'array') {
    return { t: 'array', items: isJsonObject(node.items) ? compile(node.items) : { t: 'scalar', xdmType: 'string' } };
  }
  const scalar: Node = { t: 'scalar', xdmType };
  if (typeof node.format === 'string') scalar.format = node.format;
  if (Array.isArray(node.enum)) scalar.enumValues = node.enum;
  if (typeof node.pattern === 'string') {
    try {
      scalar.pattern = new RegExp(node.pattern, 'u');
    } catch {
      // A pattern JavaScript cannot compile is skipped, as a lenient validator would.
    }
  }
  if (typeof node.minLength === 'number') scalar.minLength = node.minLength;
  if (typeof node.maxLength === 'number') scalar.maxLength = node.maxLength;
  if (typeof node.minimum === 'number') scalar.minimum = node.minimum;
  if (typeof node.maximum === 'number') scalar.maximum = node.maximum;
  return scalar;
}

class Incompatible extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

function describe(value: InboundValue): string {
  if (value === null) return 'Null';
  if (typeof value === 'bigint') return 'Long';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Long' : 'Double';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Binary';
  if (Array.isArray(value)) return 'Array';
  return 'Object';
}

const TARGET_NAMES: Record<string, string> = {
  string: 'String',
  number: 'Double',
  long: 'Long',
  int: 'Integer',
  short: 'Short',
  byte: 'Byte',
  boolean: 'Boolean',
  date: 'Date',
  'date-time': 'DateTime',
  object: 'Object',
  map: 'Map',
  array: 'Array',
};

/** Validates and converts records of one schema. */
export class RecordValidator {
  private readonly root: Node;

  /** `lenientBooleans` lets CSV's `"true"`/`"false"` text reach boolean fields. */
  constructor(
    fullSchema: JsonObject,
    private readonly options: { lenientBooleans?: boolean } = {},
  ) {
    this.root = compile(fullSchema);
  }

  validate(record: InboundValue): ValidationOutcome {
    const errors: ValidationError[] = [];
    try {
      if (!isPlainObject(record)) {
        return { kind: 'rejected', errors: [err('type', `expected type: JSONObject, found: ${describe(record)}`, '#', '#')] };
      }
      const out = this.visit(this.root, record, '#', '#', errors);
      if (errors.length > 0) return { kind: 'rejected', errors };
      return { kind: 'ok', record: out as JsonObject };
    } catch (e) {
      if (e instanceof Incompatible) return { kind: 'incompatible', message: e.message, pointer: e.pointer };
      throw e;
    }
  }

  private visit(node: Node, value: InboundValue, ptr: string, loc: string, errors: ValidationError[]): JsonValue | undefined {
    if (errors.length >= MAX_ERRORS) return undefined;
    switch (node.t) {
      case 'object': {
        if (!isPlainObject(value)) throw new Incompatible(`TypeCompatibilityException: cannot convert ${describe(value)} to Object at ${ptr}`, ptr);
        const out: JsonObject = {};
        for (const [key, sub] of Object.entries(value)) {
          if (sub === null || sub === undefined) continue;
          const child = node.props.get(key);
          if (!child) {
            errors.push(err('additionalProperties', `extraneous key [${key}] is not permitted`, ptr, loc));
            continue;
          }
          const converted = this.visit(child, sub, `${ptr}/${key}`, `${loc}/properties/${key}`, errors);
          if (converted !== undefined) out[key] = converted;
        }
        for (const name of node.required) {
          const v = value[name];
          if (v === undefined || v === null || v === '') {
            errors.push(err('required', `required key [${name}] not found`, ptr, loc, 'INGEST-1555-400'));
          }
        }
        return out;
      }
      case 'map': {
        if (!isPlainObject(value)) throw new Incompatible(`TypeCompatibilityException: cannot convert ${describe(value)} to Map at ${ptr}`, ptr);
        const out: JsonObject = {};
        for (const [key, sub] of Object.entries(value)) {
          if (sub === null || sub === undefined) continue;
          if (key.length === 0) {
            errors.push(err('propertyNames', 'map keys must not be empty', ptr, loc));
            continue;
          }
          const converted = this.visit(node.values, sub, `${ptr}/${key}`, `${loc}/additionalProperties`, errors);
          if (converted !== undefined) out[key] = converted;
        }
        return out;
      }
      case 'array': {
        if (!Array.isArray(value)) throw new Incompatible(`TypeCompatibilityException: cannot convert ${describe(value)} to Array at ${ptr}`, ptr);
        const out: JsonValue[] = [];
        value.forEach((item, i) => {
          if (item === null || item === undefined) return;
          const converted = this.visit(node.items, item, `${ptr}/${i}`, `${loc}/items`, errors);
          if (converted !== undefined) out.push(converted);
        });
        return out;
      }
      case 'scalar':
        return this.scalar(node, value, ptr, loc, errors);
    }
  }

  private scalar(node: Extract<Node, { t: 'scalar' }>, value: InboundValue, ptr: string, loc: string, errors: ValidationError[]): JsonValue | undefined {
    const target = TARGET_NAMES[node.xdmType] ?? node.xdmType;
    const incompatible = (): never => {
      throw new Incompatible(`TypeCompatibilityException: cannot convert ${describe(value)} to ${target} at ${ptr}`, ptr);
    };
    let out: JsonValue;
    switch (node.xdmType) {
      case 'string': {
        if (typeof value === 'string') out = value;
        else if (typeof value === 'number' || typeof value === 'bigint') out = String(value);
        else if (value instanceof Uint8Array) out = Buffer.from(value).toString('utf8');
        else return incompatible();
        break;
      }
      case 'number':
      case 'long':
      case 'int':
      case 'short':
      case 'byte': {
        let n: number;
        if (typeof value === 'number') n = value;
        else if (typeof value === 'bigint') n = Number(value);
        else if (typeof value === 'string') {
          n = value.trim() === '' ? Number.NaN : Number(value);
          if (!Number.isFinite(n)) {
            errors.push(err('type', `expected type: ${target}, found: String [${value}]`, ptr, loc));
            return undefined;
          }
        } else return incompatible();
        if (node.xdmType !== 'number') {
          if (!Number.isInteger(n)) {
            errors.push(err('type', `expected type: ${target}, found: Double`, ptr, loc));
            return undefined;
          }
          const range = INT_RANGES[node.xdmType];
          if (range && (n < range[0] || n > range[1])) {
            errors.push(err(n < range[0] ? 'minimum' : 'maximum', `${n} is out of range for ${target} [${range[0]}, ${range[1]}]`, ptr, loc));
            return undefined;
          }
        }
        if (node.minimum !== undefined && n < node.minimum) {
          errors.push(err('minimum', `${n} is not greater or equal to ${node.minimum}`, ptr, loc));
          return undefined;
        }
        if (node.maximum !== undefined && n > node.maximum) {
          errors.push(err('maximum', `${n} is not less or equal to ${node.maximum}`, ptr, loc));
          return undefined;
        }
        out = n;
        break;
      }
      case 'boolean': {
        if (typeof value === 'boolean') out = value;
        else if (this.options.lenientBooleans && typeof value === 'string' && /^(true|false)$/i.test(value)) out = value.toLowerCase() === 'true';
        else return incompatible();
        break;
      }
      case 'date': {
        if (value instanceof Date) out = value.toISOString().slice(0, 10);
        else if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) out = new Date(Number(value)).toISOString().slice(0, 10);
        else if (typeof value === 'string') {
          if (!DATE_RE.test(value) || Number.isNaN(Date.parse(value))) {
            errors.push(err('format', `[${value}] is not a valid date. Expected [yyyy-MM-dd]`, ptr, loc));
            return undefined;
          }
          out = value;
        } else return incompatible();
        break;
      }
      case 'date-time': {
        if (value instanceof Date) out = value.toISOString();
        else if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) out = new Date(Number(value)).toISOString();
        else if (typeof value === 'string') {
          if (!DATE_TIME_RE.test(value) || Number.isNaN(Date.parse(value))) {
            errors.push(err('format', `[${value}] is not a valid date-time. Expected [${DATE_TIME_PATTERNS}]`, ptr, loc));
            return undefined;
          }
          out = value;
        } else return incompatible();
        break;
      }
      default:
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out = value;
        else return incompatible();
    }
    if (typeof out === 'string') {
      if (node.minLength !== undefined && out.length < node.minLength) {
        errors.push(err('minLength', `expected minLength: ${node.minLength}, actual: ${out.length}`, ptr, loc));
        return undefined;
      }
      if (node.maxLength !== undefined && out.length > node.maxLength) {
        errors.push(err('maxLength', `expected maxLength: ${node.maxLength}, actual: ${out.length}`, ptr, loc));
        return undefined;
      }
      if (node.pattern && !node.pattern.test(out)) {
        errors.push(err('pattern', `string [${out}] does not match pattern ${node.pattern.source}`, ptr, loc));
        return undefined;
      }
      if (node.format === 'email' && !EMAIL_RE.test(out)) {
        errors.push(err('format', `[${out}] is not a valid email address`, ptr, loc));
        return undefined;
      }
    }
    if (node.enumValues && !node.enumValues.includes(out)) {
      errors.push(err('enum', `${JSON.stringify(out)} is not a valid enum value`, ptr, loc));
      return undefined;
    }
    return out;
  }
}

function isPlainObject(value: InboundValue): value is { [k: string]: InboundValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}

function err(keyword: string, message: string, ptr: string, loc: string, code?: string): ValidationError {
  const e: ValidationError = { causingExceptions: [], keyword, message, pointerToViolation: ptr, schemaLocation: loc };
  if (code) e.code = code;
  return e;
}
