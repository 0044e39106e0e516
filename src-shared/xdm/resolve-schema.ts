import type { XdmSchemaNode } from './xdm-schema-node';
import { toCompatibilityMode } from './compatibility-mode';
import { ownValue, setOwn } from '../domain/own-keys';

/**
 * Builds a fully resolved (`xed-full`-like) schema from standard XDM documents, offline.
 * Why pure and here: the app works without a connection (prepare a file against a standard
 * Profile schema), and the renderer may show the same tree; so the resolver takes documents
 * already read, indexed by `$id`, and never touches the disk.
 */

/** Standard XDM documents by `$id` (classes, behaviours, field groups, data types). */
export type XdmLibrary = ReadonlyMap<string, XdmSchemaNode>;

export interface ResolveRequest {
  classId: string;
  fieldGroupIds: readonly string[];
  /** `$id` and title of the composed schema. */
  id?: string;
  title?: string;
}

/** The `@context` guard of the extensible base: it admits only prefixed keys, never in Compatibility Mode. */
const CONTEXT_GUARD = 'https://ns.adobe.com/xdm/common/extensible#/definitions/@context';

/** Deepest `$ref` chain followed before a recursive data type is cut to a bare object. */
const MAX_DEPTH = 24;

class Resolver {
  readonly #library: XdmLibrary;
  readonly #extends = new Set<string>();

  constructor(library: XdmLibrary) {
    this.#library = library;
  }

  get extendsList(): string[] {
    return [...this.#extends];
  }

  #lookup(ref: string, doc: XdmSchemaNode): { node: XdmSchemaNode; doc: XdmSchemaNode; wholeDocument: boolean } {
    const hash = ref.indexOf('#');
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const target = base === '' ? doc : this.#library.get(base);
    if (!target) throw new Error(`Unknown $ref ${ref}: no document with $id ${base} in the XDM library`);
    if (fragment === '') return { node: target, doc: target, wholeDocument: true };
    let node: unknown = target;
    for (const part of fragment.split('/').filter((p) => p !== '')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (typeof node !== 'object' || node === null) throw new Error(`Unresolvable $ref ${ref}`);
    return { node: node as XdmSchemaNode, doc: target, wholeDocument: false };
  }

  resolve(node: XdmSchemaNode, doc: XdmSchemaNode, depth: number): XdmSchemaNode | undefined {
    if (depth > MAX_DEPTH) return { type: 'object' };
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (ref === CONTEXT_GUARD || ref.endsWith('#/definitions/@context')) return undefined;
      const target = this.#lookup(ref, doc);
      if (target.wholeDocument && typeof target.node.$id === 'string') this.#noteExtends(target.node);
      const resolved = this.resolve(target.node, target.doc, depth + 1);
      if (!resolved) return undefined;
      const out: XdmSchemaNode = { ...resolved };
      if (target.wholeDocument && typeof target.node.$id === 'string') out['meta:referencedFrom'] = target.node.$id;
      delete out.$id;
      for (const key of ['title', 'description'] as const) if (node[key] !== undefined) out[key] = node[key];
      return out;
    }
    const out: XdmSchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (
        key === 'allOf' ||
        key === 'definitions' ||
        key === '$schema' ||
        key === 'meta:license' ||
        key === 'properties' ||
        key === 'items' ||
        key === 'additionalProperties' ||
        key === 'oneOf' ||
        key === 'anyOf' ||
        // A standard-notation key beside `additionalProperties` (consents' `idSpecific` carries
        // `xdm:metadata`) is not a keyword; it would leak an unresolved `$ref`.
        key.startsWith('xdm:')
      )
        continue;
      out[key] = value;
    }
    if (node.properties) {
      const props: Record<string, XdmSchemaNode> = {};
      for (const [name, child] of Object.entries(node.properties)) {
        const resolved = this.resolve(child, doc, depth + 1);
        if (resolved) setOwn(props, name, resolved);
      }
      out.properties = props;
    }
    if (node.items) {
      const items = this.resolve(node.items, doc, depth + 1);
      if (items) out.items = items;
    }
    if (typeof node.additionalProperties === 'object') {
      const ap = this.resolve(node.additionalProperties, doc, depth + 1);
      if (ap) out.additionalProperties = ap;
    } else if (node.additionalProperties !== undefined) out.additionalProperties = node.additionalProperties;
    if (Array.isArray(node.allOf)) {
      for (const part of node.allOf as XdmSchemaNode[]) {
        const resolved = this.resolve(part, doc, depth + 1);
        if (resolved) mergeInto(out, resolved);
      }
    }
    return out;
  }

  #noteExtends(doc: XdmSchemaNode): void {
    if (typeof doc.$id === 'string' && isComposite(doc)) this.#extends.add(doc.$id);
  }
}

/** Classes, behaviours and field groups count in `meta:extends`; plain data types do not. */
function isComposite(doc: XdmSchemaNode): boolean {
  return doc['meta:abstract'] === true || Array.isArray(doc['meta:intendedToExtend']) || doc.$id === 'https://ns.adobe.com/xdm/common/auditable';
}

/** Merges a resolved `allOf` member into its owner: properties deep-merged, required unioned. */
function mergeInto(target: XdmSchemaNode, part: XdmSchemaNode): void {
  if (part.properties) {
    const props = (target.properties ??= {});
    for (const [name, child] of Object.entries(part.properties)) {
      const existing = ownValue(props, name) as XdmSchemaNode | undefined;
      if (existing && existing.properties && child.properties) mergeInto(existing, child);
      else setOwn(props, name, child);
    }
  }
  if (part.required) target.required = [...new Set([...(target.required ?? []), ...part.required])];
  if (target.type === undefined && part.type !== undefined) target.type = part.type;
  for (const [key, value] of Object.entries(part)) {
    if (key === 'properties' || key === 'required' || key === 'meta:referencedFrom') continue;
    if (target[key] === undefined) target[key] = value;
  }
}

/**
 * Composes class + field groups into one resolved schema in Compatibility Mode.
 * Why Compatibility Mode: that is what AEP serves (`xed-full`) and ingests; the standard
 * notation's `xdm:`-prefixed names would never match a record (xdm-notes §1).
 */
export function resolveStandardSchema(library: XdmLibrary, request: ResolveRequest): XdmSchemaNode {
  const resolver = new Resolver(library);
  const cls = library.get(request.classId);
  if (!cls) throw new Error(`Unknown class ${request.classId}`);
  const composed: XdmSchemaNode = {
    type: 'object',
    allOf: [{ $ref: request.classId }, ...request.fieldGroupIds.map((id) => ({ $ref: id }))],
  };
  for (const id of request.fieldGroupIds) if (!library.has(id)) throw new Error(`Unknown field group ${id}`);
  const resolved = resolver.resolve(composed, composed, 0) ?? { type: 'object' };
  const standardRequired = collectRequired(resolved);
  delete resolved['meta:referencedFrom'];
  const compat = toCompatibilityMode(resolved);
  const required = standardRequired.map(compatibleName);
  const { properties } = compat;
  return {
    $id: request.id ?? `urn:xdm-loader:schema:${request.classId}`,
    title: request.title ?? String(cls.title ?? 'Schema'),
    type: 'object',
    'meta:xdmType': 'object',
    properties: properties ?? {},
    ...(required.length > 0 ? { required } : {}),
    'meta:class': request.classId,
    'meta:extends': [...new Set([...resolver.extendsList, request.classId])],
    'meta:abstract': false,
    'meta:extensible': false,
  };
}

function collectRequired(node: XdmSchemaNode): string[] {
  return [...new Set(node.required ?? [])];
}

/** The Compatibility Mode top-level path of a standard field name (`xdm:timestamp` → `timestamp`, `@id` → `_id`). */
export function compatibleName(name: string): string {
  if (name === '@id') return '_id';
  if (name.startsWith('xdm:')) return name.slice(4);
  const colon = name.indexOf(':');
  if (colon > 0 && !name.includes('://')) return `_${name.slice(0, colon)}.${name.slice(colon + 1)}`;
  return name;
}
