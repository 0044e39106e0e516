import type { IdentityRule, MappingFile } from '../../../../src-shared/mapping/mapping-types';
import { parseDestinationPath } from '../../../../src-shared/mapping/destination-path';
import type { PathSegment } from '../../../../src-shared/mapping/destination-path';
import { parseExpression } from '../../../../src-shared/mapping/parse-expression';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode, XdmType } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { createXdmAjv } from '../../xdm/ajv-instance';
import { toAjvSchema } from '../../xdm/ajv-schema';
import type { FastPlanDecline } from './fast-path-types';
import { isPrototypeKey } from '../../../../src-shared/domain/own-keys';

/**
 * The fast path's plan: what the schema and the mapping say about every row, worked out once,
 * as plain data (no functions, no compiled validators). The row evaluator compiles from it; a
 * test or a reader can print it. See README.md in this folder for the contract with the
 * general path.
 */

/** A JSON Schema node as Ajv receives it (toAjvSchema's output). */
export type AjvNode = Record<string, unknown>;

export type SlotSource = { kind: 'column'; column: number } | { kind: 'static'; value: unknown } | { kind: 'expression'; expression: string };

/** One mapped leaf: where its value comes from, what it must be, where it goes. */
export interface SlotPlan {
  /** Object keys and array indexes from the root to the leaf (the destination, parsed). */
  path: PathSegment[];
  /** The leaf's XDM node (conversions follow it) and type. */
  node: XdmSchemaNode;
  type: XdmType;
  /**
   * The type an expression's value is shaped for (a Date as a date or a date-time text): the
   * leaf's, or `map` below a map, as the general path's mapping takes the map's field there.
   */
  shapeAs: XdmType;
  /** The leaf's own constraints for Ajv; null when its type is all there is to check. */
  check: AjvNode | null;
  source: SlotSource;
}

/** An object on the mapped paths (the root included). */
export interface ObjectPlan {
  /** Slots written at or below this object; it exists in the record iff one of them is present. */
  slots: number[];
  /** Keys in the order the rules first write them (the record's key order when all are present). */
  entries: ObjectEntry[];
}
export type ObjectEntry = { key: string; slot: number } | { key: string; child: ObjectPlan } | { key: string; array: ArrayPlan };

/**
 * An array on the mapped paths (`productListItems[0].SKU`): its elements are the indexes the
 * rules name. An element exists iff one of its slots is present, the array iff one element
 * does; the general path drops the holes (compactArrays), so the elements that exist follow
 * each other in index order.
 */
export interface ArrayPlan {
  slots: number[];
  /** In the order the rules first write them; the record's order is by index. */
  elements: ArrayElement[];
}
export type ArrayElement = { index: number; slot: number } | { index: number; child: ObjectPlan };

/** Which slots make a path present: any of a list, the identityMap, or nothing the mapping writes. */
export type Presence = number[] | 'identityMap' | 'never';

/** A `required` entry: when `object` (null: the root; else any of these slots) exists, `needs` must be present. */
export interface Requirement {
  object: number[] | null;
  needs: Presence;
}

/**
 * How identity items are checked. `items`: one item at a time (the namespace's constant part
 * once, here; the id per row), when the identityMap's schema is a map of arrays of plain
 * objects. `map`: the whole identityMap by Ajv on every row, for any other shape.
 */
export type IdentityCheck = { kind: 'items'; constantOk: boolean[]; id: AjvNode | null } | { kind: 'map'; schema: AjvNode } | { kind: 'none' };

export interface FastPlan {
  /** The source's columns in file order (expressions read by name; the first of a name wins). */
  columns: readonly string[];
  slots: SlotPlan[];
  root: ObjectPlan;
  identities: IdentityRule[];
  /** Each identity rule's column index. */
  identityColumns: number[];
  identityCheck: IdentityCheck;
  requirements: Requirement[];
  descriptors: { primary: boolean; presence: Presence }[];
  /** Whether a row can produce an identity at all (then the primary-count warnings apply). */
  countsIdentities: boolean;
  /** Whether a row with no identity at all is flagged or rejected by the general path (then it declines here). */
  requiresIdentity: boolean;
  /**
   * The JSON Lines template for rows in which every slot and every identity is present: text
   * fragments around one gap per value; a gap names a slot (≥ 0) or an identity rule (-1 - index).
   * Null when a key looks like an array index (the engine would reorder it).
   */
  template: { fragments: string[]; gaps: number[] } | null;
  /** Whether a destination has an array index: the record's arrays then lose their holes, as the general path's do. */
  hasArrays: boolean;
}

export type FastPlanResult = { ok: true; plan: FastPlan } | { ok: false; reason: FastPlanDecline; detail: string };

export interface FastPlanOptions {
  mapping: MappingFile;
  schema: XdmSchemaNode;
  /** The source's columns, in file order. */
  columns: readonly string[];
  descriptors?: readonly IdentityDescriptor[];
  /** Whether a row without any identity is flagged or rejected (the general path's `emptyIdentity`); then such rows decline. */
  checksEmptyIdentity?: boolean;
}

/** Keywords Ajv knows that do not constrain a value (XDM `meta:*` are dropped by toAjvSchema already). */
const ANNOTATIONS = new Set(['title', 'description', 'examples', '$comment', 'readOnly', 'writeOnly', 'deprecated', 'type']);
/** Keywords an object on a mapped path may carry for the fused checks to stay exact. */
const OBJECT_KEYWORDS = new Set([...ANNOTATIONS, 'properties', 'additionalProperties', 'required']);
const PRIMITIVES: ReadonlySet<XdmType> = new Set(['string', 'number', 'long', 'int', 'short', 'byte', 'boolean', 'date', 'date-time']);
/** The Ajv both paths compile with, asked which keywords it knows. */
const keywordAjv = createXdmAjv(false);

/**
 * A key Ajv ignores: not one of its keywords. Registry schemas carry such keys beside the JSON
 * Schema ones (`version`, `imsOrg` at the root); Ajv runs with `strict: false`, so they check
 * nothing on either path. Declining a schema for them sent every Registry schema to the
 * general path (issue 14).
 */
function isIgnoredByAjv(key: string): boolean {
  return keywordAjv.getKeyword(key) === false;
}

/** A key that checks nothing: an annotation, or a key Ajv does not know. */
export function isAnnotation(key: string): boolean {
  return ANNOTATIONS.has(key) || isIgnoredByAjv(key);
}

function isObjectKeyword(key: string): boolean {
  return OBJECT_KEYWORDS.has(key) || isIgnoredByAjv(key);
}

/** The keys of an object node that the fused checks would not reproduce. */
function foreignKeywords(ajv: AjvNode): string[] {
  return Object.keys(ajv).filter((k) => !isObjectKeyword(k));
}

/** A leaf's own constraints; null when it has none beyond its type. */
function leafCheck(ajvLeaf: AjvNode, type: XdmType): AjvNode | null {
  // A converted date or date-time already passed isXdmDate / isXdmDateTime, which accept a
  // subset of what Ajv's `date` / `date-time` formats accept: checking the format again is waste.
  const implied = (type === 'date' && ajvLeaf.format === 'date') || (type === 'date-time' && ajvLeaf.format === 'date-time');
  return Object.keys(ajvLeaf).some((k) => !isAnnotation(k) && !(implied && k === 'format')) ? ajvLeaf : null;
}

/**
 * The identityMap's checks split per item, when its schema is a map of arrays of objects with
 * properties (annotations aside): then the map passes exactly when every item does, an item
 * passes when each of its properties does (and `required`, `additionalProperties` hold, which
 * depend on its keys only), and only the id varies from row to row.
 * Why: building a map of items per row only to check it costs more than the rest of the row.
 */
function identityCheckOf(ajvMap: AjvNode, identities: readonly IdentityRule[]): IdentityCheck {
  const only = (node: unknown, allowed: readonly string[], type: string): node is AjvNode =>
    typeof node === 'object' &&
    node !== null &&
    !Array.isArray(node) &&
    Object.keys(node).every((k) => (isAnnotation(k) && k !== 'type') || allowed.includes(k) || (k === 'type' && (node as AjvNode).type === type));
  const whole: IdentityCheck = { kind: 'map', schema: ajvMap };
  if (!only(ajvMap, ['additionalProperties'], 'object')) return whole;
  const list = ajvMap.additionalProperties;
  if (!only(list, ['items'], 'array')) return whole;
  const item = list.items;
  if (!only(item, ['properties', 'additionalProperties', 'required'], 'object')) return whole;
  const properties = item.properties as Record<string, unknown> | undefined;
  const idSchema = properties?.id;
  if (
    !only(
      idSchema,
      Object.keys(idSchema ?? {}).filter((k) => !isAnnotation(k)),
      'string',
    )
  )
    return whole;
  // The item with any id accepted: what is left depends on the rule's constants only.
  const constant = createXdmAjv(false).compile({ ...item, properties: { ...properties, id: {} } });
  const constantOk = identities.map((r) => constant({ id: '', primary: r.primary, authenticatedState: r.authenticatedState }));
  return { kind: 'items', constantOk, id: leafCheck(idSchema, 'string') };
}

const declined = (reason: FastPlanDecline, detail: string): FastPlanResult => ({ ok: false, reason, detail });

/** A container on the mapped paths: an object (or map) written by key, or an array written by index. */
type Container = { kind: 'object'; plan: ObjectPlan } | { kind: 'array'; plan: ArrayPlan };

/** What a container holds at a segment: a slot, a nested container, or nothing yet. */
function entryAt(container: Container, segment: PathSegment): { slot: number } | Container | undefined {
  const found =
    container.kind === 'object'
      ? 'key' in segment
        ? container.plan.entries.find((e) => e.key === segment.key)
        : undefined
      : 'index' in segment
        ? container.plan.elements.find((e) => e.index === segment.index)
        : undefined;
  if (found === undefined) return undefined;
  if ('slot' in found) return { slot: found.slot };
  if ('child' in found) return { kind: 'object', plan: found.child };
  return { kind: 'array', plan: found.array };
}

/** Adds a slot or a nested container to `container` at `segment` (whose kind matches the container's). */
function addEntry(container: Container, segment: PathSegment, value: { slot: number } | Container): void {
  const held: { slot: number } | { child: ObjectPlan } | { array: ArrayPlan } =
    'slot' in value ? { slot: value.slot } : value.kind === 'object' ? { child: value.plan } : { array: value.plan };
  if (container.kind === 'object') container.plan.entries.push({ key: (segment as { key: string }).key, ...held } as ObjectEntry);
  else if ('array' in held) throw new Error('an array inside an array is declined before it is added');
  else container.plan.elements.push({ index: (segment as { index: number }).index, ...held } as ArrayElement);
}

/**
 * The schema node (and its Ajv form) a segment leads to from a container's node: a property of
 * an object, the value schema of a map, the items of an array. A string says why not.
 */
function stepInto(node: XdmSchemaNode, ajv: AjvNode, segment: PathSegment): { node: XdmSchemaNode; ajv: AjvNode } | string {
  const type = xdmTypeOf(node);
  if ('key' in segment) {
    if (type === 'object') {
      const child = node.properties?.[segment.key];
      const ajvChild = (ajv.properties as Record<string, AjvNode> | undefined)?.[segment.key];
      return child && ajvChild ? { node: child, ajv: ajvChild } : 'not in the schema';
    }
    if (type === 'map' && typeof node.additionalProperties === 'object' && isObjectNode(ajv.additionalProperties))
      return { node: node.additionalProperties, ajv: ajv.additionalProperties };
    return `a key inside a ${type}`;
  }
  if (type === 'array' && node.items && isObjectNode(ajv.items)) return { node: node.items, ajv: ajv.items };
  return `an index inside a ${type}`;
}

function isObjectNode(value: unknown): value is AjvNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys of an array node that the fused checks would not reproduce (minItems, uniqueItems...). */
function foreignArrayKeywords(ajv: AjvNode): string[] {
  return Object.keys(ajv).filter((k) => k !== 'items' && !isAnnotation(k));
}

/** A destination as text, for the checks that two rules do not write the same place or inside each other. */
const pathText = (segments: readonly PathSegment[]): string => segments.map((s) => ('key' in s ? `.${s.key}` : `[${s.index}]`)).join('');

/**
 * Works out the plan, or says why the file cannot take the fast path at all. Walks each rule's
 * destination down the schema and its Ajv form side by side; anything it cannot reproduce
 * exactly is a decline, never a guess.
 */
export function compileFastPlan(options: FastPlanOptions): FastPlanResult {
  const { mapping, schema, columns } = options;
  const descriptors = options.descriptors ?? [];
  // A descriptor inside identityMap would count a namespace's presence: left to the general path.
  if (descriptors.some((d) => d.path === 'identityMap' || d.path.startsWith('identityMap.')))
    return declined('identity-map-shape', 'an identity descriptor inside identityMap');
  const rootAjv = toAjvSchema(schema);
  const rootForeign = foreignKeywords(rootAjv);
  if (rootForeign.length > 0) return declined('schema-keyword', `the schema's root has ${rootForeign.join(', ')}`);

  const columnIndex = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!columnIndex.has(c)) columnIndex.set(c, i);
  });
  const root: ObjectPlan = { slots: [], entries: [] };
  /** Each planned object's Ajv form, for its `required`. */
  const ajvOf = new Map<ObjectPlan, AjvNode>([[root, rootAjv]]);
  const slots: SlotPlan[] = [];
  const leafSlot = new Map<string, number>();
  let hasArrays = false;

  for (const rule of mapping.rules) {
    const where = `destination ${rule.destination}`;
    let segments: PathSegment[];
    try {
      segments = parseDestinationPath(rule.destination);
      // Keys Object.prototype answers to (`constructor`) are left to the general path, which reads own keys only.
      if (segments.some((s) => 'key' in s && isPrototypeKey(s.key))) return declined('destination-shape', `${where}: a key Object.prototype also has`);
    } catch {
      return declined('destination-shape', `${where}: not a path`);
    }
    let node: XdmSchemaNode = schema;
    let ajv: AjvNode = rootAjv;
    let container: Container = { kind: 'object', plan: root };
    const slotIndex = slots.length;
    let belowMap = false;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as PathSegment;
      const step = stepInto(node, ajv, segment);
      if (typeof step === 'string') return declined('destination-shape', `${where}: ${step}`);
      if (xdmTypeOf(node) === 'map') belowMap = true;
      ({ node, ajv } = step);
      container.plan.slots.push(slotIndex);
      const here = pathText(segments.slice(0, i + 1));
      const existing = entryAt(container, segment);
      if (i < segments.length - 1) {
        if (leafSlot.has(here) || (existing !== undefined && 'slot' in existing)) return declined('destination-shape', `${where}: below another rule's value`);
        const next = segments[i + 1] as PathSegment;
        const wanted: Container['kind'] = 'key' in next ? 'object' : 'array';
        if (existing !== undefined) {
          if (existing.kind !== wanted) return declined('destination-shape', `${where}: written as an object and as an array`);
          container = existing;
          continue;
        }
        let created: Container;
        if (wanted === 'array') {
          if (container.kind === 'array') return declined('destination-shape', `${where}: an array inside an array`);
          const foreign = foreignArrayKeywords(ajv);
          if (foreign.length > 0) return declined('schema-keyword', `${here.slice(1)} has ${foreign.join(', ')}`);
          hasArrays = true;
          created = { kind: 'array', plan: { slots: [], elements: [] } };
        } else {
          const foreign = foreignKeywords(ajv);
          if (foreign.length > 0) return declined('schema-keyword', `${here.slice(1)} has ${foreign.join(', ')}`);
          const child: ObjectPlan = { slots: [], entries: [] };
          ajvOf.set(child, ajv);
          created = { kind: 'object', plan: child };
        }
        addEntry(container, segment, created);
        container = created;
      } else {
        // A leaf: a primitive, never also a parent of another rule's path.
        const type = xdmTypeOf(node);
        if (!PRIMITIVES.has(type)) return declined('destination-shape', `${where}: a ${type}`);
        if (existing !== undefined || leafSlot.has(here)) return declined('destination-shape', `${where}: written twice`);
        let source: SlotSource;
        if (rule.source.kind === 'column') {
          const column = columnIndex.get(rule.source.column);
          if (column === undefined) return declined('unknown-column', `no column ${rule.source.column}`);
          source = { kind: 'column', column };
        } else if (rule.source.kind === 'static') source = { kind: 'static', value: rule.source.value };
        else {
          try {
            parseExpression(rule.source.expression, slotIndex);
          } catch {
            return declined('expression-unparsed', `${where}: ${rule.source.expression}`);
          }
          source = { kind: 'expression', expression: rule.source.expression };
        }
        leafSlot.set(here, slotIndex);
        addEntry(container, segment, { slot: slotIndex });
        slots.push({ path: segments, node, type, shapeAs: belowMap ? 'map' : type, check: leafCheck(ajv, type), source });
      }
    }
  }

  // identityMap: the namespace codes and flags are the mapping's constants; only the ids vary.
  // A rule writing into it would add identities the count below does not see.
  if (root.entries.some((e) => e.key === 'identityMap')) return declined('identity-map-shape', 'a rule writes into identityMap');
  const identities = mapping.identities;
  let identityCheck: IdentityCheck = { kind: 'none' };
  if (identities.length > 0) {
    const missing = identities.find((r) => !columnIndex.has(r.column));
    if (missing) return declined('unknown-column', `no column ${missing.column}`);
    if (identities.some((r) => r.namespace.trim() === '')) return declined('identity-map-shape', 'an identity rule without a namespace');
    if (identities.some((r) => isPrototypeKey(r.namespace))) return declined('identity-map-shape', 'a namespace named like a key Object.prototype has');
    const ajvIdentityMap = (rootAjv.properties as Record<string, AjvNode> | undefined)?.identityMap;
    if (!ajvIdentityMap || xdmTypeOf(schema.properties?.identityMap ?? {}) !== 'map')
      return declined('identity-map-shape', 'the schema has no identityMap map');
    identityCheck = identityCheckOf(ajvIdentityMap, identities);
  }

  /** Which slots make `name` of `plan` present (the root's identityMap: the identity rules). */
  const presenceIn = (plan: ObjectPlan, name: string): Presence => {
    if (plan === root && name === 'identityMap') return identities.length > 0 ? 'identityMap' : 'never';
    const entry = plan.entries.find((e) => e.key === name);
    if (entry === undefined) return 'never';
    return 'slot' in entry ? [entry.slot] : 'child' in entry ? entry.child.slots : entry.array.slots;
  };
  // Every `required` of the root and of each mapped object (array elements included), checked when that object exists.
  const requirements: Requirement[] = [];
  const collect = (plan: ObjectPlan): void => {
    for (const name of ((ajvOf.get(plan) as AjvNode).required as string[] | undefined) ?? [])
      requirements.push({ object: plan === root ? null : plan.slots, needs: presenceIn(plan, name) });
    for (const e of plan.entries) {
      if ('child' in e) collect(e.child);
      else if ('array' in e) for (const element of e.array.elements) if ('child' in element) collect(element.child);
    }
  };
  collect(root);
  // A descriptor's path is read key by key (record-validator's valueAt); through an array, keys
  // would read the array's own properties: left to the general path.
  const descriptorPresence: { primary: boolean; presence: Presence }[] = [];
  for (const d of descriptors) {
    const keys = d.path.split('.');
    let plan: ObjectPlan | undefined = root;
    let presence: Presence = 'never';
    for (let i = 0; i < keys.length && plan !== undefined; i++) {
      const last = i === keys.length - 1;
      if (last) presence = presenceIn(plan, keys[i] as string);
      else {
        const entry: ObjectEntry | undefined = plan.entries.find((e) => e.key === keys[i]);
        if (entry !== undefined && 'array' in entry) return declined('identity-descriptor-in-array', `the identity descriptor ${d.path} runs through an array`);
        plan = entry !== undefined && 'child' in entry ? entry.child : undefined;
      }
    }
    descriptorPresence.push({ primary: d.primary, presence });
  }
  const countsIdentities = identities.length > 0 || descriptorPresence.some((d) => d.presence !== 'never');
  // The general path flags every row of a schema that takes identities when the mapping gives none.
  const takesIdentities = Boolean(schema.properties?.identityMap) || descriptors.length > 0;
  if (options.checksEmptyIdentity === true && takesIdentities && !countsIdentities)
    return declined('no-identity-mapped', 'the schema takes identities and the mapping gives no row one');

  return {
    ok: true,
    plan: {
      columns,
      slots,
      root,
      identities,
      identityColumns: identities.map((r) => columnIndex.get(r.column) as number),
      identityCheck,
      requirements,
      descriptors: descriptorPresence,
      countsIdentities,
      requiresIdentity: options.checksEmptyIdentity === true && takesIdentities,
      template: templateOf(root, identities),
      hasArrays,
    },
  };
}

/**
 * The template for rows in which every slot and every identity is present: JSON text with a gap
 * per value, keys in the order the general path creates them (rules' first writes, depth first,
 * then identityMap: namespaces by first rule, ids in rule order), array elements by index (every
 * element exists, so none is dropped). Keys that look like array indexes would be reordered by
 * the engine: such mappings get no template.
 */
function templateOf(root: ObjectPlan, identities: readonly IdentityRule[]): FastPlan['template'] {
  const fragments: string[] = [];
  const gaps: number[] = [];
  let indexLike = false;
  let pending = '';
  const keyJson = (key: string, n: number): string => {
    if (/^(0|[1-9]\d*)$/.test(key)) indexLike = true;
    return `${n > 0 ? ',' : ''}${JSON.stringify(key)}:`;
  };
  const gap = (slot: number): void => {
    fragments.push(pending);
    gaps.push(slot);
    pending = '';
  };
  const walkArray = (plan: ArrayPlan): void => {
    pending += '[';
    [...plan.elements]
      .sort((a, b) => a.index - b.index)
      .forEach((e, n) => {
        if (n > 0) pending += ',';
        if ('child' in e) walk(e.child);
        else gap(e.slot);
      });
    pending += ']';
  };
  const walk = (plan: ObjectPlan): void => {
    pending += '{';
    plan.entries.forEach((e, n) => {
      pending += keyJson(e.key, n);
      if ('child' in e) walk(e.child);
      else if ('array' in e) walkArray(e.array);
      else gap(e.slot);
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
        gap(-1 - index);
        pending = `,"primary":${String(r.primary)},"authenticatedState":${JSON.stringify(r.authenticatedState)}}`;
      });
      pending += ']';
    });
    pending += '}}';
  }
  fragments.push(pending);
  return indexLike ? null : { fragments, gaps };
}
