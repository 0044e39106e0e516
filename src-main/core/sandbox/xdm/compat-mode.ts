/**
 * Compatibility Mode: resolving standard XDM (`allOf`, `$ref`, `xdm:` names) into what AEP serves.
 *
 * AEP's registry, datasets, ingestion and Profile all speak Compatibility Mode (`xdm:person` →
 * `person`, `@id` → `_id`, `@type` → `_type`, `repo:createDate` → `_repo.createDate`); the upstream files do not. This
 * module produces the `xed-full` tree (one merged `properties` object, data types inlined with
 * `meta:referencedFrom`, every field carrying `meta:xdmType` and `meta:xdmField`) from which the
 * registry answers and the record validator is compiled, and the raw `xed` form (names converted,
 * `allOf`/`$ref` kept).
 */
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

/** Finds a document by `$id` (global library or tenant resources). */
export type DocLookup = (id: string) => JsonObject | undefined;

const CONTEXT_REF_SUFFIX = 'extensible#/definitions/@context';
const COPIED = [
  'title',
  'description',
  'type',
  'format',
  'enum',
  'meta:enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'default',
  'meta:status',
  'meta:xdmType',
] as const;

interface ConvertedName {
  /** Path of object names under which the field sits (`['_repo']` for `repo:createDate`). */
  parents: string[];
  name: string;
}

/** Converts one standard property name to its Compatibility Mode location. */
export function convertName(name: string): ConvertedName | undefined {
  if (name === '@id') return { parents: [], name: '_id' };
  if (name.startsWith('xdm:')) return { parents: [], name: name.slice(4) };
  if (name.includes('://')) {
    const m = /^https?:\/\/[^/]+\/(.+)$/.exec(name);
    if (!m) return undefined;
    const segs = (m[1] ?? '').split('/').filter(Boolean);
    const last = segs.pop();
    if (!last || segs.length === 0) return undefined;
    return { parents: [`_${segs[0]}`, ...segs.slice(1)], name: last };
  }
  const colon = name.indexOf(':');
  if (colon > 0) return { parents: [`_${name.slice(0, colon)}`], name: name.slice(colon + 1) };
  // `@type` → `_type`, as AEP serves the channel field group's `channel._type`.
  if (name.startsWith('@')) return { parents: [], name: `_${name.slice(1)}` };
  return { parents: [], name };
}

function pointer(doc: JsonObject, ptr: string): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const raw of ptr.split('/').filter((s) => s.length > 0)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function mergeInto(target: JsonObject, src: JsonObject): void {
  for (const [key, value] of Object.entries(src)) {
    if (key === 'properties' && isJsonObject(value)) {
      const props = isJsonObject(target.properties) ? target.properties : {};
      for (const [name, sub] of Object.entries(value)) {
        const existing = props[name];
        if (isJsonObject(existing) && isJsonObject(sub)) mergeInto(existing, sub);
        else props[name] = sub;
      }
      target.properties = props;
    } else if (key === 'required' && Array.isArray(value)) {
      const have = Array.isArray(target.required) ? target.required : [];
      target.required = [...new Set([...have, ...value])];
    } else {
      target[key] = value;
    }
  }
}

/** Resolves standard XDM into the fully merged Compatibility Mode tree (`xed-full`). */
export class CompatResolver {
  constructor(private readonly lookup: DocLookup) {}

  /** The merged `{ type, properties, required }` tree of a whole document (class, schema, field group). */
  resolveDocument(doc: JsonObject): JsonObject {
    const out = this.resolve(doc, doc, 0);
    delete out.title;
    delete out.description;
    out.type = 'object';
    out['meta:xdmType'] = 'object';
    return out;
  }

  private deref(ref: string, current: JsonObject): { node: JsonObject; doc: JsonObject; whole: boolean } {
    const hash = ref.indexOf('#');
    const base = hash >= 0 ? ref.slice(0, hash) : ref;
    const frag = hash >= 0 ? ref.slice(hash + 1) : '';
    const doc = base ? this.lookup(base) : current;
    if (!doc) throw new Error(`Unresolvable $ref ${ref}`);
    const node = frag ? pointer(doc, frag) : doc;
    if (!isJsonObject(node)) throw new Error(`Unresolvable $ref ${ref}`);
    return { node, doc, whole: frag === '' };
  }

  private resolve(node: JsonObject, doc: JsonObject, depth: number): JsonObject {
    if (depth > 64) throw new Error('XDM reference cycle');
    const out: JsonObject = {};
    const ref = node.$ref;
    if (typeof ref === 'string' && !ref.endsWith(CONTEXT_REF_SUFFIX)) {
      const target = this.deref(ref, doc);
      mergeInto(out, this.resolve(target.node, target.doc, depth + 1));
      if (target.whole && typeof target.doc.$id === 'string') out['meta:referencedFrom'] = target.doc.$id;
    }
    if (Array.isArray(node.allOf)) {
      for (const part of node.allOf) if (isJsonObject(part)) mergeInto(out, this.resolve(part, doc, depth + 1));
    }
    for (const key of COPIED) {
      const value = node[key];
      if (value !== undefined) out[key] = value;
    }
    if (isJsonObject(node.properties)) {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(node.properties)) {
        if (!isJsonObject(sub)) continue;
        const converted = convertName(name);
        if (!converted) continue;
        const field = this.resolve(sub, doc, depth + 1);
        if (converted.name !== name || converted.parents.length > 0) field['meta:xdmField'] = name;
        let holder = props;
        for (const parent of converted.parents) {
          const existing = holder[parent];
          const obj: JsonObject = isJsonObject(existing) ? existing : { type: 'object', 'meta:xdmType': 'object', 'meta:xedConverted': true, properties: {} };
          holder[parent] = obj;
          if (!isJsonObject(obj.properties)) obj.properties = {};
          holder = obj.properties as JsonObject;
        }
        const existing = holder[converted.name];
        if (isJsonObject(existing)) mergeInto(existing, field);
        else holder[converted.name] = field;
      }
      mergeInto(out, { properties: props });
    }
    if (isJsonObject(node.items)) out.items = this.resolve(node.items, doc, depth + 1);
    if (isJsonObject(node.additionalProperties)) out.additionalProperties = this.resolve(node.additionalProperties, doc, depth + 1);
    if (Array.isArray(node.required)) {
      const names = node.required
        .filter((n): n is string => typeof n === 'string')
        .map((n) => convertName(n))
        .filter((c): c is ConvertedName => c !== undefined && c.parents.length === 0)
        .map((c) => c.name);
      mergeInto(out, { required: names });
    }
    if (out.type === undefined && (isJsonObject(out.properties) || isJsonObject(out.additionalProperties))) out.type = 'object';
    // The type inference is the shared one, so the registry names the types the conversions apply (xdm-notes §3).
    if (out.type !== undefined) out['meta:xdmType'] = xdmTypeOf(out as XdmSchemaNode);
    return out;
  }
}

/** Converts property names of a raw document to Compatibility Mode, keeping `allOf`/`$ref` (the `xed` form). */
export function toCompatRaw(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((v) => toCompatRaw(v));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    if (key === 'properties' && isJsonObject(sub)) {
      const props: JsonObject = {};
      for (const [name, field] of Object.entries(sub)) {
        const converted = convertName(name);
        if (!converted) continue;
        const convertedField = toCompatRaw(field);
        if (isJsonObject(convertedField) && name !== converted.name) convertedField['meta:xdmField'] = name;
        let holder = props;
        for (const parent of converted.parents) {
          const existing = holder[parent];
          const obj: JsonObject = isJsonObject(existing) ? existing : { type: 'object', 'meta:xdmType': 'object', 'meta:xedConverted': true, properties: {} };
          holder[parent] = obj;
          holder = obj.properties as JsonObject;
        }
        holder[converted.name] = convertedField;
      }
      out[key] = props;
    } else if (key === 'required' && Array.isArray(sub)) {
      out[key] = sub.filter((n): n is string => typeof n === 'string').map((n) => convertName(n)?.name ?? n);
    } else {
      out[key] = toCompatRaw(sub);
    }
  }
  return out;
}

/** Removes `title` and `description` everywhere (the `*-notext` Accept variants). */
export function stripText(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map((v) => stripText(v));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, sub] of Object.entries(value)) {
    if (key === 'title' || key === 'description') continue;
    out[key] = key === 'properties' && isJsonObject(sub) ? Object.fromEntries(Object.entries(sub).map(([k, v]) => [k, stripText(v)])) : stripText(sub);
  }
  return out;
}
