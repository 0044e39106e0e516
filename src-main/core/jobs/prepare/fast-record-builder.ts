import type { ValidateFunction } from 'ajv';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { PathSegment } from '../../../../src-shared/mapping/destination-path';
import { parseDestinationPath } from '../../../../src-shared/mapping/destination-path';
import { parseExpression } from '../../../../src-shared/mapping/parse-expression';
import type { ConvertOptions } from '../../../../src-shared/xdm/conversions';
import { convertValue } from '../../../../src-shared/xdm/conversions';
import { isXdmDate, isXdmDateTime } from '../../../../src-shared/xdm/date-text';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode, XdmType } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { compileSetter, normaliseMappedValue } from '../../mapping/compile-mapping';
import { compileExpression } from '../../mapping/evaluate-expression';
import type { FieldReader } from '../../mapping/evaluate-expression';
import { applyIdentityRules } from '../../mapping/identity-map';
import type { IdentityItem } from '../../mapping/identity-map';
import { createXdmAjv } from '../../xdm/ajv-instance';
import { toAjvSchema } from '../../xdm/ajv-schema';

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
  /** The converted value as JSON. */
  json: (value: unknown) => string;
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
      return (value) => (typeof value === 'string' && isXdmDate(value) ? value : slow(value));
    case 'date-time':
      return (value) => (typeof value === 'string' && isXdmDateTime(value) ? value : slow(value));
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : slow(value));
    default:
      return slow;
  }
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

/**
 * Types whose converted value needs no escaping: numbers and booleans are written by String(),
 * and a converted date or date-time is digits, '-', ':', 'T', '.', '+' and 'Z' only.
 */
const SAFE_TEXT: ReadonlySet<XdmType> = new Set(['date', 'date-time']);

/** A converted value as JSON, exactly as JSON.stringify writes it. */
function jsonValue(value: unknown): string {
  if (typeof value === 'string') return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
  // Finite numbers and booleans: String() and JSON.stringify agree (conversion refuses NaN and Infinity).
  return String(value);
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
      if (!('key' in s)) return undefined;
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
        slots.push({ read: readSlot, set, json: SAFE_TEXT.has(type) ? (value) => `"${value as string}"` : jsonValue });
      }
    }
  }

  // identityMap: the namespace codes and flags are the mapping's constants; only the ids vary.
  const identities = mapping.identities;
  let checkIdentityMap: ValidateFunction | undefined;
  if (identities.length > 0) {
    if (identities.some((r) => r.namespace.trim() === '' || !columnIndex.has(r.column))) return undefined;
    const ajvIdentityMap = (rootAjv.properties as Record<string, AjvNode> | undefined)?.identityMap;
    if (!ajvIdentityMap || xdmTypeOf(schema.properties?.identityMap ?? {}) !== 'map' || root.children.has('identityMap') || leafSlot.has('identityMap'))
      return undefined;
    checkIdentityMap = createXdmAjv(false).compile(ajvIdentityMap);
  }

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

  /** Converts and checks the row's values into `values`; the identityMap, or FAIL for a row that is not clean. */
  const evaluate = (row: readonly string[]): Record<string, IdentityItem[]> | undefined | typeof FAIL => {
    cells = row;
    for (let i = 0; i < slots.length; i++) {
      const value = (slots[i] as Slot).read();
      if (value === FAIL) return FAIL;
      values[i] = value;
    }
    let identityMap: Record<string, IdentityItem[]> | undefined;
    let identityCount = 0;
    let primaries = 0;
    if (identities.length > 0) {
      const holder: Record<string, unknown> = {};
      applyIdentityRules(holder, identities, read);
      identityMap = holder.identityMap as Record<string, IdentityItem[]> | undefined;
      if (identityMap !== undefined) {
        if (!(checkIdentityMap as ValidateFunction)(identityMap)) return FAIL;
        for (const ns in identityMap) {
          for (const item of identityMap[ns] as IdentityItem[]) {
            identityCount++;
            if (item.primary) primaries++;
          }
        }
      }
    }
    for (const r of requirements) {
      if (r.object !== null && !anyPresent(r.object)) continue;
      if (r.needs === 'never') return FAIL;
      if (r.needs === 'identityMap' ? identityMap === undefined : !anyPresent(r.needs)) return FAIL;
    }
    if (countsIdentities) {
      for (const d of descriptorPresence) {
        if (d.presence === 'never' || (d.presence === 'identityMap' ? identityMap === undefined : !anyPresent(d.presence))) continue;
        identityCount++;
        if (d.primary) primaries++;
      }
      // The general path warns about these; a warning is not a clean row.
      if ((identityCount > 0 && primaries === 0) || primaries > 1) return FAIL;
    }
    return identityMap;
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
    let id = 0;
    [...new Set(identities.map((r) => r.namespace))].forEach((ns, n) => {
      pending += `${keyJson(ns, n)}[`;
      for (const r of identities) {
        if (r.namespace !== ns) continue;
        pending += `${pending.endsWith('[') ? '' : ','}{"id":`;
        fragments.push(pending);
        templateSlots.push(-1 - id++);
        pending = `,"primary":${String(r.primary)},"authenticatedState":${JSON.stringify(r.authenticatedState)}}`;
      }
      pending += ']';
    });
    pending += '}}';
  }
  fragments.push(pending);
  /** The row's identity ids in template order. */
  const ids: string[] = new Array<string>(identities.length);

  /** The record of the row last evaluated, built as the general path builds it. */
  const assemble = (identityMap: Record<string, IdentityItem[]> | undefined): Record<string, unknown> => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < slots.length; i++) {
      const value = values[i];
      if (value !== ABSENT) (slots[i] as Slot).set(record, value);
    }
    if (identityMap !== undefined) record.identityMap = identityMap;
    return record;
  };

  return {
    build(row) {
      const identityMap = evaluate(row);
      return identityMap === FAIL ? undefined : assemble(identityMap);
    },
    buildJson(row) {
      const identityMap = evaluate(row);
      if (identityMap === FAIL) return undefined;
      let complete = !indexLike;
      for (let i = 0; complete && i < values.length; i++) complete = values[i] !== ABSENT;
      if (complete && identities.length > 0) {
        // One item per identity rule whose column has a value, in the template's order.
        let n = 0;
        if (identityMap !== undefined) for (const ns in identityMap) for (const item of identityMap[ns] as IdentityItem[]) ids[n++] = item.id;
        complete = n === identities.length;
      }
      if (!complete) return JSON.stringify(assemble(identityMap));
      let out = fragments[0] as string;
      for (let i = 0; i < templateSlots.length; i++) {
        const at = templateSlots[i] as number;
        out += (at >= 0 ? (slots[at] as Slot).json(values[at]) : jsonValue(ids[-1 - at])) + (fragments[i + 1] as string);
      }
      return out;
    },
  };
}
