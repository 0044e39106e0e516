/**
 * Record validation with AEP's ingestion conversions (aep-notes §9).
 *
 * The conversions themselves (which inbound type becomes which XDM type, numeric text, integer
 * ranges, date and date-time text, epoch milliseconds) are `src-shared/xdm`'s `convertValue`, the
 * same table the app's preparation side predicts with, so the emulator and the client cannot drift
 * (design §2). What stays here is what AEP does around them and reports in its own words:
 * - the JSON-Schema side of validation: extraneous keys, `required`, map keys, `enum`, `pattern`,
 *   length and `email` format, on the converted value;
 * - `null` as an absent value (a required one is `INGEST-1555-400`, aep-notes §9.2);
 * - the split between a row error and a batch failure: a value of an inbound type §9.1 cannot
 *   convert at all (`type-mismatch`) is a `TypeCompatibilityException` that fails the whole batch,
 *   any other conversion issue is a row error;
 * - errors in the `_validationErrors` shape of AEP's failed-record files.
 *
 * Compiled once per schema from the `xed-full` tree, then run on every record of a batch or stream.
 * Three outcomes: `ok` (the converted record, as AEP stores it), `rejected` (row errors) and
 * `incompatible` (fails the batch).
 */
import type { ConversionIssue, ConvertOptions } from '../../../../src-shared/xdm/conversions';
import { convertValue, describeInbound } from '../../../../src-shared/xdm/conversions';
import type { ConversionIssueKind } from '../../../../src-shared/xdm/issue-kinds';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { integerRanges, isIntegerXdmType, xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import type { JsonObject, JsonValue } from '../json';

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

/**
 * An inbound value as readers produce it: JSON plus Parquet's bigint and Date (bytes are decoded
 * to text by the Parquet reader, so the shared conversions never see them).
 */
export type InboundValue = JsonValue | bigint | Date | undefined | InboundValue[] | { [k: string]: InboundValue };

type Node =
  | { t: 'object'; field: XdmSchemaNode; props: Map<string, Node>; required: string[]; requiredSet: ReadonlySet<string> }
  | { t: 'map'; field: XdmSchemaNode; values: Node }
  | { t: 'array'; field: XdmSchemaNode; items: Node }
  | {
      t: 'leaf';
      field: XdmSchemaNode;
      enumValues?: unknown[];
      pattern?: RegExp;
      minLength?: number;
      maxLength?: number;
      email: boolean;
    };

/** AEP's failed-record wording for date text lists the accepted patterns (aep-notes §9.1). */
const DATE_TIME_PATTERNS = "yyyy-MM-dd'T'HH:mm:ssZ, yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSZ, yyyy-MM-dd'T'HH:mm:ssXXX, yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX";
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
/** Failed-record files list a handful of reasons per row, not every one. */
const MAX_ERRORS = 5;
/** What a map's values or an array's items are when the schema does not say: XDM maps hold strings. */
const STRING_FIELD: XdmSchemaNode = { type: 'string', 'meta:xdmType': 'string' };

function compile(field: XdmSchemaNode): Node {
  const type = xdmTypeOf(field);
  if (type === 'map') {
    return { t: 'map', field, values: compile(typeof field.additionalProperties === 'object' ? field.additionalProperties : STRING_FIELD) };
  }
  if (type === 'object') {
    const props = new Map<string, Node>();
    for (const [k, v] of Object.entries(field.properties ?? {})) if (typeof v === 'object' && v !== null && !Array.isArray(v)) props.set(k, compile(v));
    const required = Array.isArray(field.required) ? field.required.filter((r): r is string => typeof r === 'string') : [];
    return { t: 'object', field, props, required, requiredSet: new Set(required) };
  }
  if (type === 'array') return { t: 'array', field, items: compile(field.items ?? STRING_FIELD) };
  const leaf: Node = { t: 'leaf', field, email: field.format === 'email' };
  if (Array.isArray(field.enum)) leaf.enumValues = field.enum;
  if (typeof field.pattern === 'string') {
    try {
      leaf.pattern = new RegExp(field.pattern, 'u');
    } catch {
      // A pattern JavaScript cannot compile is skipped, as a lenient validator would.
    }
  }
  if (typeof field.minLength === 'number') leaf.minLength = field.minLength;
  if (typeof field.maxLength === 'number') leaf.maxLength = field.maxLength;
  return leaf;
}

class Incompatible extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
  }
}

/**
 * The shared issue says only "out of range"; AEP's failed record names the JSON-Schema keyword,
 * so the side that was crossed is worked out from the value and the field's lower bounds.
 */
function rangeKeyword(value: InboundValue, field: XdmSchemaNode): 'minimum' | 'maximum' {
  const n = Number(typeof value === 'string' ? value.trim() : value);
  const type = xdmTypeOf(field);
  const floor = Math.max(field.minimum ?? -Infinity, field.exclusiveMinimum ?? -Infinity, isIntegerXdmType(type) ? integerRanges[type].min : -Infinity);
  return n <= floor ? 'minimum' : 'maximum';
}

/** The keyword and message a row error carries in AEP's failed-record file, per shared issue kind. */
const ROW_ERRORS: Record<
  Exclude<ConversionIssueKind, 'type-mismatch' | 'null-value'>,
  (issue: ConversionIssue, value: InboundValue, field: XdmSchemaNode) => [string, string]
> = {
  'empty-value': (issue) => ['type', issue.message],
  'not-a-number': (issue) => ['type', issue.message],
  'not-an-integer': (issue) => ['type', issue.message],
  'invalid-boolean': (issue) => ['type', issue.message],
  'out-of-range': (issue, value, field) => [rangeKeyword(value, field), issue.message],
  'invalid-date': (_issue, value) => ['format', `[${String(value)}] is not a valid date. Expected [yyyy-MM-dd]`],
  'invalid-date-time': (_issue, value) => ['format', `[${String(value)}] is not a valid date-time. Expected [${DATE_TIME_PATTERNS}]`],
};

/** Validates and converts records of one schema. */
export class RecordValidator {
  private readonly root: Node;
  private readonly convertOptions: ConvertOptions;

  /**
   * `dataPrepBooleans` lets CSV text reach boolean fields with Data Prep's words (`true`, `yes`,
   * `on`, …): every CSV cell is text, and JSON's refusal of strings there would fail every row.
   */
  constructor(fullSchema: JsonObject, options: { dataPrepBooleans?: boolean } = {}) {
    // The `xed-full` tree is a Compatibility Mode JSON Schema, which is what the shared node type describes.
    this.root = compile(fullSchema as XdmSchemaNode);
    this.convertOptions = { dataPrepBooleans: options.dataPrepBooleans ?? false };
  }

  validate(record: InboundValue): ValidationOutcome {
    const errors: ValidationError[] = [];
    try {
      if (!isPlainObject(record)) {
        return { kind: 'rejected', errors: [err('type', `expected type: JSONObject, found: ${describeInbound(record)}`, '#', '#')] };
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
        // A value of the wrong shape goes to the shared conversion, which names the mismatch.
        if (!isPlainObject(value)) return this.convert(node, value, ptr, loc, errors);
        const out: JsonObject = {};
        for (const [key, sub] of Object.entries(value)) {
          if (sub === null || sub === undefined) continue;
          const child = node.props.get(key);
          if (!child) {
            errors.push(err('additionalProperties', `extraneous key [${key}] is not permitted`, ptr, loc));
            continue;
          }
          // An empty required value is reported once, as AEP's missing-required error below.
          if (sub === '' && node.requiredSet.has(key)) continue;
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
        if (!isPlainObject(value)) return this.convert(node, value, ptr, loc, errors);
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
        if (!Array.isArray(value)) return this.convert(node, value, ptr, loc, errors);
        const out: JsonValue[] = [];
        value.forEach((item, i) => {
          if (item === null || item === undefined) return;
          const converted = this.visit(node.items, item, `${ptr}/${i}`, `${loc}/items`, errors);
          if (converted !== undefined) out.push(converted);
        });
        return out;
      }
      case 'leaf': {
        const out = this.convert(node, value, ptr, loc, errors);
        return out === undefined ? undefined : this.constrain(node, out, ptr, loc, errors);
      }
    }
  }

  /** One value through the shared conversion, its issue turned into AEP's row error or batch failure. */
  private convert(node: Node, value: InboundValue, ptr: string, loc: string, errors: ValidationError[]): JsonValue | undefined {
    const result = convertValue(value, node.field, this.convertOptions);
    // Converted values are JSON: strings, numbers and booleans, or objects of the inbound JSON.
    if (result.ok) return result.value as JsonValue;
    const { issue } = result;
    if (issue.kind === 'type-mismatch') throw new Incompatible(`TypeCompatibilityException: ${issue.message} at ${ptr}`, ptr);
    // Nulls are skipped before conversion (AEP treats them as absent); nothing to report.
    if (issue.kind === 'null-value') return undefined;
    const [keyword, message] = ROW_ERRORS[issue.kind](issue, value, node.field);
    errors.push(err(keyword, message, ptr, loc));
    return undefined;
  }

  /** The JSON-Schema constraints AEP checks after conversion (aep-notes §9.1, "constraints"). */
  private constrain(node: Extract<Node, { t: 'leaf' }>, out: JsonValue, ptr: string, loc: string, errors: ValidationError[]): JsonValue | undefined {
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
      if (node.email && !EMAIL_RE.test(out)) {
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
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function err(keyword: string, message: string, ptr: string, loc: string, code?: string): ValidationError {
  const e: ValidationError = { causingExceptions: [], keyword, message, pointerToViolation: ptr, schemaLocation: loc };
  if (code) e.code = code;
  return e;
}
