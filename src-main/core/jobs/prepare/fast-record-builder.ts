import type { ValidateFunction } from 'ajv';
import type { IdentityRule, MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { PathSegment } from '../../../../src-shared/mapping/destination-path';
import { parseDestinationPath } from '../../../../src-shared/mapping/destination-path';
import { parseExpression } from '../../../../src-shared/mapping/parse-expression';
import type { ConvertOptions } from '../../../../src-shared/xdm/conversions';
import { convertValue } from '../../../../src-shared/xdm/conversions';
import { isCalendarDate, isXdmDateTime } from '../../../../src-shared/xdm/date-text';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode, XdmType } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { compileSetter, normaliseMappedValue } from '../../mapping/compile-mapping';
import { compileExpression } from '../../mapping/evaluate-expression';
import type { FieldReader } from '../../mapping/evaluate-expression';
import { applyIdentityRules } from '../../mapping/identity-map';
import { createXdmAjv } from '../../xdm/ajv-instance';
import { toAjvSchema } from '../../xdm/ajv-schema';
import { isPrototypeKey } from '../../../../src-shared/domain/own-keys';

/**
 * The prepare job's fast path for CSV rows: mapping, AEP's conversions and the schema's checks
 * fused into one pass that builds the record only when the row is clean.
 *
 * Why: the general path (compiled mapping → converter → whole-record Ajv → identity checks)
 * builds the record twice, walks the whole schema once per row and allocates issue lists even
 * for the 98% of rows that have none; on a 1 GB file that is most of the job's time. Here each
 * mapped field is converted and checked on its own (with Ajv compiled for that field's
 * subschema only, when it has constraints), `required` is checked from which fields are
 * present, and the record is built once, exactly as the general path would build it.
 *
 * The contract that keeps it honest: `build` returns a record only when the general path would
 * accept the row with no issue at all and produce the same record (same keys, same order, same
 * values); for anything else (a value that fails, a warning, an expression that throws) it
 * returns undefined and the caller runs the general path, which reports the issues. A
 * differential property test holds the two paths to that. Mappings outside the fast subset
 * (array indexes, maps, objects as destinations, schemas with combinators on the mapped
 * objects) get no fast path at all: `compileFastRecordBuilder` returns undefined.
 */
export interface FastRecordBuilder {
  build(cells: readonly string[]): Record<string, unknown> | undefined;
  /**
   * The record as one line of JSON, byte for byte `JSON.stringify(build(cells))`. A row in which
   * every mapped value and every identity is present (most rows) is written into a template
   * made once from the mapping, without building the record at all.
   */
  buildJson(cells: readonly string[]): string | undefined;
  /**
   * The row for a JSON Lines part, without a string of the whole line being built: undefined
   * when the row is declined (as build), the line's JSON text when the template does not cover
   * the row (a value or an identity is absent), or else the most bytes the line can take, '\n'
   * included; {@link encodeLine} then writes it.
   */
  prepareLine(cells: readonly string[]): string | number | undefined;
  /**
   * Writes the row last prepared (prepareLine returned a number) into `out` from `at`: exactly
   * the UTF-8 bytes of `buildJson(cells) + '\n'`, at most the bound prepareLine returned.
   * Returns the offset after the line.
   */
  encodeLine(out: Buffer, at: number): number;
  /** The JSON text of the row last prepared (prepareLine returned a number), as buildJson gives it. */
  lineText(): string;
}

export interface FastRecordOptions {
  mapping: MappingFile;
  schema: XdmSchemaNode;
  /** The source's columns, in file order. */
  columns: readonly string[];
  descriptors?: readonly IdentityDescriptor[];
  convert?: ConvertOptions;
}

type AjvNode = Record<string, unknown>;

const FAIL = Symbol('fail');
const ABSENT = Symbol('absent');
type Slot = {
  read: () => unknown | typeof ABSENT | typeof FAIL;
  set: (record: Record<string, unknown>, value: unknown) => boolean;
};

/** Keywords that do not constrain a value (XDM `meta:*` are dropped by toAjvSchema already). */
const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', 'readOnly', 'writeOnly', 'deprecated', 'type']);
/** Keywords an object on a mapped path may carry for the fused checks to stay exact. */
const OBJECT_KEYWORDS = new Set([...ANNOTATIONS, 'properties', 'additionalProperties', 'required']);
const PRIMITIVES: ReadonlySet<XdmType> = new Set(['string', 'number', 'long', 'int', 'short', 'byte', 'boolean', 'date', 'date-time']);

/**
 * A value already of the right shape passes without a conversion result being allocated;
 * anything else goes through AEP's rules (convertValue), the same function the general path
 * ends up in.
 */
function compileLeafConversion(node: XdmSchemaNode, options: ConvertOptions): (value: unknown) => unknown {
  const type = xdmTypeOf(node);
  const slow = (value: unknown): unknown => {
    const r = convertValue(value, node, options);
    return r.ok ? r.value : FAIL;
  };
  switch (type) {
    case 'string':
      return (value) => (typeof value === 'string' && value !== '' ? value : slow(value));
    case 'date':
      return (value) => (typeof value === 'string' && isDateText(value) ? value : slow(value));
    case 'date-time':
      return (value) => (typeof value === 'string' && isXdmDateTime(value) ? value : slow(value));
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : slow(value));
    default:
      return slow;
  }
}

/** The number written by `text[from, to)` in ASCII digits; -1 when another character is there. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * isXdmDate (`yyyy-MM-dd` naming a real day) read by character codes, without the regex match
 * and its captured strings: the same answer for every text (a test holds the two together), and
 * a text it refuses still goes through convertValue, which has the last word.
 */
export function isDateText(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day);
}

/** Ajv for a leaf's own constraints; undefined when it has none beyond its type. */
function compileLeafCheck(ajvLeaf: AjvNode, type: XdmType): ValidateFunction | undefined {
  // A converted date or date-time already passed isXdmDate / isXdmDateTime, which accept a
  // subset of what Ajv's `date` / `date-time` formats accept: checking the format again is waste.
  const implied = (type === 'date' && ajvLeaf.format === 'date') || (type === 'date-time' && ajvLeaf.format === 'date-time');
  const constrained = Object.keys(ajvLeaf).some((k) => !ANNOTATIONS.has(k) && !(implied && k === 'format'));
  return constrained ? createXdmAjv(false).compile(ajvLeaf) : undefined;
}

interface ObjectPlan {
  /** Slots written at or below this object; it exists in the record iff one of them is present. */
  slots: number[];
  children: Map<string, ObjectPlan>;
  /** Keys in the order the rules first write them (the record's key order when all are present). */
  entries: { key: string; slot?: number; child?: ObjectPlan }[];
  ajv: AjvNode;
}

/** Characters JSON.stringify escapes in a string (lone surrogates included): those take the slow way. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A converted value as JSON, exactly as JSON.stringify writes it. */
function jsonValue(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  // Finite numbers and booleans: String() and JSON.stringify agree (conversion refuses NaN and Infinity).
  return String(value);
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

/** What an identity item of one rule must pass: its constant part (namespace's item, flags) once, its id per row. */
interface IdentityItemCheck {
  constantOk: boolean;
  id: ValidateFunction | undefined;
}

/**
 * The identityMap's checks split per item, when its schema is a map of arrays of objects with
 * properties (annotations aside): then the map passes exactly when every item does, an item
 * passes when each of its properties does (and `required`, `additionalProperties` hold, which
 * depend on its keys only), and only the id varies from row to row. Undefined for any other
 * shape: the whole identityMap is then checked by Ajv on every row.
 * Why: building a map of items per row only to check it costs more than the rest of the row.
 */
function compileIdentityItemChecks(ajvMap: AjvNode, identities: readonly IdentityRule[]): IdentityItemCheck[] | undefined {
  const only = (node: unknown, allowed: readonly string[], type: string): node is AjvNode =>
    typeof node === 'object' && node !== null && !Array.isArray(node) &&
    Object.keys(node).every((k) => (ANNOTATIONS.has(k) && k !== 'type') || allowed.includes(k) || (k === 'type' && (node as AjvNode).type === type));
  if (!only(ajvMap, ['additionalProperties'], 'object')) return undefined;
  const list = ajvMap.additionalProperties;
  if (!only(list, ['items'], 'array')) return undefined;
  const item = list.items;
  if (!only(item, ['properties', 'additionalProperties', 'required'], 'object')) return undefined;
  const properties = item.properties as Record<string, unknown> | undefined;
  const idSchema = properties?.id;
  if (!only(idSchema, [...Object.keys(idSchema ?? {})].filter((k) => !ANNOTATIONS.has(k)), 'string')) return undefined;
  const ajv = createXdmAjv(false);
  // The item with any id accepted: what is left depends on the rule's constants only.
  const constant = ajv.compile({ ...item, properties: { ...properties, id: {} } });
  const id = compileLeafCheck(idSchema, 'string');
  return identities.map((r) => ({ constantOk: constant({ id: '', primary: r.primary, authenticatedState: r.authenticatedState }), id }));
}

/** A `required` entry resolved to what makes it present. */
type Requirement = { object: number[] | null; needs: number[] | 'identityMap' | 'never' };

export function compileFastRecordBuilder(options: FastRecordOptions): FastRecordBuilder | undefined {
  const { mapping, schema, columns } = options;
  const convertOptions = options.convert ?? {};
  const descriptors = options.descriptors ?? [];
  // A descriptor inside identityMap would count a namespace's presence: left to the general path.
  if (descriptors.some((d) => d.path === 'identityMap' || d.path.startsWith('identityMap.'))) return undefined;
  const rootAjv = toAjvSchema(schema);
  if (Object.keys(rootAjv).some((k) => !OBJECT_KEYWORDS.has(k))) return undefined;

  const columnIndex = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!columnIndex.has(c)) columnIndex.set(c, i);
  });
  // One reader for every row: it reads the row being built (the general path's reader rules:
  // a missing or empty cell reads as null).
  let cells: readonly string[] = [];
  const read: FieldReader = (name) => {
    const i = columnIndex.get(name);
    const v = i === undefined ? undefined : cells[i];
    return v === undefined || v === '' ? null : v;
  };

  const root: ObjectPlan = { slots: [], children: new Map(), entries: [], ajv: rootAjv };
  const slots: Slot[] = [];
  const leafSlot = new Map<string, number>();
  for (const rule of mapping.rules) {
    let segments: PathSegment[];
    try {
      segments = parseDestinationPath(rule.destination);
    } catch {
      return undefined;
    }
    const keys: string[] = [];
    for (const s of segments) {
      // Keys Object.prototype answers to (`constructor`) are left to the general path, which reads own keys only.
      if (!('key' in s) || isPrototypeKey(s.key)) return undefined;
      keys.push(s.key);
    }
    // Walk the schema and its Ajv form side by side down to the leaf.
    let node: XdmSchemaNode | undefined = schema;
    let plan = root;
    const slotIndex = slots.length;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (xdmTypeOf(node) !== 'object') return undefined;
      node = node.properties?.[key];
      const ajvChild = (plan.ajv.properties as Record<string, AjvNode> | undefined)?.[key];
      if (!node || !ajvChild) return undefined;
      plan.slots.push(slotIndex);
      if (i < keys.length - 1) {
        if (leafSlot.has(keys.slice(0, i + 1).join('.'))) return undefined;
        let child = plan.children.get(key);
        if (!child) {
          if (Object.keys(ajvChild).some((k) => !OBJECT_KEYWORDS.has(k))) return undefined;
          child = { slots: [], children: new Map(), entries: [], ajv: ajvChild };
          plan.children.set(key, child);
          plan.entries.push({ key, child });
        }
        plan = child;
      } else {
        // A leaf: a primitive, never also a parent of another rule's path.
        if (!PRIMITIVES.has(xdmTypeOf(node)) || plan.children.has(key) || leafSlot.has(keys.join('.'))) return undefined;
        const convert = compileLeafConversion(node, convertOptions);
        const check = compileLeafCheck(ajvChild, xdmTypeOf(node));
        const set = compileSetter(segments);
        const type = xdmTypeOf(node);
        let readSlot: Slot['read'];
        if (rule.source.kind === 'column') {
          const column = columnIndex.get(rule.source.column);
          if (column === undefined) return undefined;
          readSlot = () => {
            const text = cells[column];
            if (text === undefined || text === '') return ABSENT;
            const value = convert(text);
            return value === FAIL || (check !== undefined && !check(value)) ? FAIL : value;
          };
        } else {
          let evaluate: (r: FieldReader) => unknown;
          if (rule.source.kind === 'static') {
            const value = rule.source.value;
            evaluate = () => value;
          } else {
            try {
              evaluate = compileExpression(parseExpression(rule.source.expression, slotIndex));
            } catch {
              return undefined;
            }
          }
          readSlot = () => {
            let value: unknown;
            try {
              value = normaliseMappedValue(evaluate(read), { type });
            } catch {
              return FAIL;
            }
            if (value === undefined) return ABSENT;
            const converted = convert(value);
            return converted === FAIL || (check !== undefined && !check(converted)) ? FAIL : converted;
          };
        }
        leafSlot.set(keys.join('.'), slotIndex);
        plan.entries.push({ key, slot: slotIndex });
        slots.push({ read: readSlot, set });
      }
    }
  }

  // identityMap: the namespace codes and flags are the mapping's constants; only the ids vary.
  const identities = mapping.identities;
  let checkIdentityMap: ValidateFunction | undefined;
  let itemChecks: IdentityItemCheck[] | undefined;
  if (identities.length > 0) {
    if (identities.some((r) => r.namespace.trim() === '' || isPrototypeKey(r.namespace) || !columnIndex.has(r.column))) return undefined;
    const ajvIdentityMap = (rootAjv.properties as Record<string, AjvNode> | undefined)?.identityMap;
    if (!ajvIdentityMap || xdmTypeOf(schema.properties?.identityMap ?? {}) !== 'map' || root.children.has('identityMap') || leafSlot.has('identityMap'))
      return undefined;
    itemChecks = compileIdentityItemChecks(ajvIdentityMap, identities);
    if (itemChecks === undefined) checkIdentityMap = createXdmAjv(false).compile(ajvIdentityMap);
  }
  /** Each identity rule's column (the first of that name, as the general path's reader takes). */
  const identityColumns = identities.map((r) => columnIndex.get(r.column) as number);
  /** The row's id per identity rule (undefined when the rule adds no item), and how many there are. */
  const idByRule: (string | undefined)[] = new Array<string | undefined>(identities.length);
  let idCount = 0;

  /** Which slots make a path present: a leaf, an object (any slot below it), or nothing. */
  const presenceOf = (path: string): number[] | 'identityMap' | 'never' => {
    if (path === 'identityMap') return identities.length > 0 ? 'identityMap' : 'never';
    const leaf = leafSlot.get(path);
    if (leaf !== undefined) return [leaf];
    let plan: ObjectPlan | undefined = root;
    for (const key of path.split('.')) plan = plan?.children.get(key);
    return plan ? plan.slots : 'never';
  };

  // Every `required` of the root and of each mapped object, checked when that object exists.
  const requirements: Requirement[] = [];
  const collect = (plan: ObjectPlan, path: string): void => {
    for (const name of (plan.ajv.required as string[] | undefined) ?? []) {
      requirements.push({ object: plan === root ? null : plan.slots, needs: presenceOf(path === '' ? name : `${path}.${name}`) });
    }
    for (const [key, child] of plan.children) collect(child, path === '' ? key : `${path}.${key}`);
  };
  collect(root, '');
  const descriptorPresence = descriptors.map((d) => ({ primary: d.primary, presence: presenceOf(d.path) }));
  const countsIdentities = identities.length > 0 || descriptorPresence.some((d) => d.presence !== 'never');

  const values: unknown[] = new Array<unknown>(slots.length);
  const anyPresent = (list: readonly number[]): boolean => {
    for (const s of list) if (values[s] !== ABSENT) return true;
    return false;
  };

  /**
   * The ids the identity rules give the row, into idByRule and idCount, as applyIdentityRules
   * (the general path) reads them: an empty or missing cell, or one that trims to '', adds no
   * item. False when an identity item would fail the schema.
   */
  const evaluateIdentities = (row: readonly string[]): boolean => {
    idCount = 0;
    for (let r = 0; r < identities.length; r++) {
      const cell = row[identityColumns[r] as number];
      const id = cell === undefined || cell === '' ? '' : cell.trim();
      if (id === '') {
        idByRule[r] = undefined;
        continue;
      }
      idByRule[r] = id;
      idCount++;
      if (itemChecks !== undefined) {
        const check = itemChecks[r] as IdentityItemCheck;
        if (!check.constantOk || (check.id !== undefined && !check.id(id))) return false;
      }
    }
    if (checkIdentityMap !== undefined && idCount > 0) {
      const holder: Record<string, unknown> = {};
      applyIdentityRules(holder, identities, read);
      if (!checkIdentityMap(holder.identityMap)) return false;
    }
    return true;
  };

  /** Converts and checks the row's values into `values` and its ids into idByRule; false for a row that is not clean. */
  const evaluate = (row: readonly string[]): boolean => {
    cells = row;
    for (let i = 0; i < slots.length; i++) {
      const value = (slots[i] as Slot).read();
      if (value === FAIL) return false;
      values[i] = value;
    }
    let identityCount = 0;
    let primaries = 0;
    if (identities.length > 0) {
      if (!evaluateIdentities(row)) return false;
      identityCount = idCount;
      for (let r = 0; r < identities.length; r++) if (idByRule[r] !== undefined && (identities[r] as IdentityRule).primary) primaries++;
    }
    const hasIdentityMap = idCount > 0;
    for (const r of requirements) {
      if (r.object !== null && !anyPresent(r.object)) continue;
      if (r.needs === 'never') return false;
      if (r.needs === 'identityMap' ? !hasIdentityMap : !anyPresent(r.needs)) return false;
    }
    if (countsIdentities) {
      for (const d of descriptorPresence) {
        if (d.presence === 'never' || (d.presence === 'identityMap' ? !hasIdentityMap : !anyPresent(d.presence))) continue;
        identityCount++;
        if (d.primary) primaries++;
      }
      // The general path warns about these; a warning is not a clean row.
      if ((identityCount > 0 && primaries === 0) || primaries > 1) return false;
    }
    return true;
  };

  // The template for rows in which every slot and every identity is present: JSON text with a
  // gap per value, keys in the order the general path creates them (rules' first writes, depth
  // first, then identityMap: namespaces by first rule, ids in rule order). Keys that look like
  // array indexes would be reordered by the engine: such mappings get no template.
  const fragments: string[] = [];
  const templateSlots: number[] = [];
  let indexLike = false;
  let pending = '';
  const keyJson = (key: string, n: number): string => {
    if (/^(0|[1-9]\d*)$/.test(key)) indexLike = true;
    return `${n > 0 ? ',' : ''}${JSON.stringify(key)}:`;
  };
  const walk = (plan: ObjectPlan): void => {
    pending += '{';
    plan.entries.forEach((e, n) => {
      pending += keyJson(e.key, n);
      if (e.child) walk(e.child);
      else {
        fragments.push(pending);
        templateSlots.push(e.slot as number);
        pending = '';
      }
    });
    pending += '}';
  };
  walk(root);
  if (identities.length > 0) {
    pending = `${pending.slice(0, -1)}${keyJson('identityMap', root.entries.length)}{`;
    [...new Set(identities.map((r) => r.namespace))].forEach((ns, n) => {
      pending += `${keyJson(ns, n)}[`;
      identities.forEach((r, index) => {
        if (r.namespace !== ns) return;
        pending += `${pending.endsWith('[') ? '' : ','}{"id":`;
        fragments.push(pending);
        templateSlots.push(-1 - index);
        pending = `,"primary":${String(r.primary)},"authenticatedState":${JSON.stringify(r.authenticatedState)}}`;
      });
      pending += ']';
    });
    pending += '}}';
  }
  fragments.push(pending);
  /** The template's fragments as UTF-8, and the bytes they add up to with the line's '\n'. */
  const fragmentBytes = fragments.map((f) => Buffer.from(f));
  const fixedBytes = fragmentBytes.reduce((sum, b) => sum + b.length, 1);
  /** The prepared row's values in template order: a string value, or a number's or boolean's text. */
  const texts: string[] = new Array<string>(templateSlots.length);
  const quoted: boolean[] = new Array<boolean>(templateSlots.length);

  /** The record of the row last evaluated, built as the general path builds it (its identityMap by the general path's own function). */
  const assemble = (): Record<string, unknown> => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < slots.length; i++) {
      const value = values[i];
      if (value !== ABSENT) (slots[i] as Slot).set(record, value);
    }
    applyIdentityRules(record, identities, read);
    return record;
  };

  const prepareLine = (row: readonly string[]): string | number | undefined => {
    if (!evaluate(row)) return undefined;
    // The template covers rows in which every value and every identity is present.
    let complete = !indexLike && idCount === identities.length;
    for (let i = 0; complete && i < values.length; i++) complete = values[i] !== ABSENT;
    if (!complete) return JSON.stringify(assemble());
    let bound = fixedBytes;
    for (let i = 0; i < templateSlots.length; i++) {
      const at = templateSlots[i] as number;
      const value = at >= 0 ? values[at] : idByRule[-1 - at];
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
    return bound;
  };

  const lineText = (): string => {
    let out = fragments[0] as string;
    for (let i = 0; i < texts.length; i++) out += (quoted[i] ? jsonValue(texts[i]) : (texts[i] as string)) + (fragments[i + 1] as string);
    return out;
  };

  const encodeLine = (out: Buffer, at: number): number => {
    let o = writeBytes(fragmentBytes[0] as Buffer, out, at);
    for (let i = 0; i < texts.length; i++) {
      o = quoted[i] ? writeJsonString(texts[i] as string, out, o) : writeText(texts[i] as string, out, o);
      o = writeBytes(fragmentBytes[i + 1] as Buffer, out, o);
    }
    out[o++] = 0x0a;
    return o;
  };

  return {
    build(row) {
      return evaluate(row) ? assemble() : undefined;
    },
    buildJson(row) {
      const line = prepareLine(row);
      return typeof line === 'number' ? lineText() : line;
    },
    prepareLine,
    encodeLine,
    lineText,
  };
}
