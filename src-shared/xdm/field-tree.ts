import { z } from 'zod';
import type { IdentityDescriptor } from './identity-descriptors';
import { embeddedIdentityDescriptors } from './identity-descriptors';
import type { XdmSchemaNode, XdmType } from './xdm-schema-node';
import { xdmTypes, xdmTypeOf } from './xdm-schema-node';

/** A field of a resolved schema, as the mapping screen shows it and as suggestions match it. */
export interface XdmField {
  /** Dot path; array items add `[]` (`productListItems[].SKU`). Maps are one field (`identityMap`). */
  path: string;
  name: string;
  type: XdmType;
  /** For arrays: the item type; for maps: the value type. */
  elementType?: XdmType;
  format?: string;
  enum?: Array<string | number | boolean>;
  /** `meta:enum`: suggested values with labels; they do not restrict. */
  suggestedValues?: Record<string, string>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  required: boolean;
  title?: string;
  description?: string;
  deprecated: boolean;
  identity?: { namespace: string; primary: boolean };
  children: XdmField[];
}

const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** The zod form of {@link XdmField}, for the IPC contract. */
export const XdmField: z.ZodType<XdmField> = z.lazy(() =>
  z.object({
    path: z.string(),
    name: z.string(),
    type: z.enum(xdmTypes),
    elementType: z.enum(xdmTypes).optional(),
    format: z.string().optional(),
    enum: z.array(scalar).optional(),
    suggestedValues: z.record(z.string(), z.string()).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    pattern: z.string().optional(),
    required: z.boolean(),
    title: z.string().optional(),
    description: z.string().optional(),
    deprecated: z.boolean(),
    identity: z.object({ namespace: z.string(), primary: z.boolean() }).optional(),
    children: z.array(XdmField),
  }),
);

export interface XdmFieldTree {
  schemaId: string;
  title: string;
  className?: string;
  fields: XdmField[];
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Builds the field tree of a resolved (Compatibility Mode) schema.
 * Why a tree of plain data: the renderer shows it and suggestions score against it; both
 * must never walk raw JSON Schema (with its `items`, `additionalProperties`, root-level
 * `required`) themselves.
 */
export function buildFieldTree(schema: XdmSchemaNode, descriptors: readonly IdentityDescriptor[] = []): XdmFieldTree {
  const identities = new Map<string, IdentityDescriptor>();
  for (const d of [...embeddedIdentityDescriptors(schema), ...descriptors]) identities.set(d.path, d);
  const rootRequired = new Set(schema.required ?? []);
  const fields = childrenOf(schema, '', rootRequired, identities, true);
  const tree: XdmFieldTree = {
    schemaId: typeof schema.$id === 'string' ? schema.$id : '',
    title: typeof schema.title === 'string' ? schema.title : 'Schema',
    fields,
  };
  if (typeof schema['meta:class'] === 'string') tree.className = schema['meta:class'];
  return tree;
}

function childrenOf(
  node: XdmSchemaNode,
  base: string,
  rootRequired: ReadonlySet<string>,
  identities: ReadonlyMap<string, IdentityDescriptor>,
  isRoot: boolean,
): XdmField[] {
  const own = new Set(isRoot ? [] : (node.required ?? []));
  return Object.entries(node.properties ?? {}).map(([name, child]) => {
    const path = base === '' ? name : `${base}.${name}`;
    return fieldOf(name, path, child, own.has(name) || rootRequired.has(path), rootRequired, identities);
  });
}

function fieldOf(
  name: string,
  path: string,
  node: XdmSchemaNode,
  required: boolean,
  rootRequired: ReadonlySet<string>,
  identities: ReadonlyMap<string, IdentityDescriptor>,
): XdmField {
  const type = xdmTypeOf(node);
  const field: XdmField = { path, name, type, required, deprecated: node['meta:status'] === 'deprecated', children: [] };
  if (typeof node.title === 'string') field.title = node.title;
  if (typeof node.description === 'string') field.description = node.description;
  if (typeof node.format === 'string') field.format = node.format;
  if (Array.isArray(node.enum)) field.enum = node.enum.filter(isScalar);
  if (node['meta:enum'] && typeof node['meta:enum'] === 'object') field.suggestedValues = { ...node['meta:enum'] };
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) {
    const v = node[key];
    if (typeof v === 'number') field[key] = v;
  }
  if (typeof node.pattern === 'string') field.pattern = node.pattern;
  const identity = identities.get(path);
  if (identity) field.identity = { namespace: identity.namespace, primary: identity.primary };
  if (type === 'object') field.children = childrenOf(node, path, rootRequired, identities, false);
  if (type === 'array' && node.items) {
    field.elementType = xdmTypeOf(node.items);
    if (field.elementType === 'object') field.children = childrenOf(node.items, `${path}[]`, rootRequired, identities, false);
  }
  if (type === 'map' && typeof node.additionalProperties === 'object') field.elementType = xdmTypeOf(node.additionalProperties);
  return field;
}

/** Every field of the tree, depth first (objects before their children). */
export function flattenFields(tree: XdmFieldTree | readonly XdmField[]): XdmField[] {
  const out: XdmField[] = [];
  const visit = (fields: readonly XdmField[]): void => {
    for (const f of fields) {
      out.push(f);
      visit(f.children);
    }
  };
  visit(Array.isArray(tree) ? tree : (tree as XdmFieldTree).fields);
  return out;
}

/** The fields a value can be mapped to: scalars, maps and arrays of scalars (no objects). */
export function leafFields(tree: XdmFieldTree): XdmField[] {
  return flattenFields(tree).filter((f) => f.children.length === 0 && f.type !== 'object');
}

/** Looks a field up by its dot path (array segments may be written `x[]` or `x[0]`). */
export function findField(tree: XdmFieldTree, path: string): XdmField | undefined {
  const normal = path.replace(/\[\d+\]/g, '[]');
  return flattenFields(tree).find((f) => f.path === normal);
}
