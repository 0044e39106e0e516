import type { SchemaElement } from 'hyparquet-writer';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { ownValue, setOwn } from '../../../../src-shared/domain/own-keys';
import type { PathSegment } from '../../../../src-shared/mapping/destination-path';
import { parseDestinationPath } from '../../../../src-shared/mapping/destination-path';

/**
 * The Parquet schema of XDM records (values are shaped for it by parquet-values.ts).
 * Why these physical types: AEP reads `date` as Parquet DATE (INT32) and `date-time` as
 * TIMESTAMP_MILLIS (INT64) (xdm-notes §3); objects are groups, arrays 3-level LISTs and maps
 * MAP groups with string keys, as the Parquet format specifies.
 */

function scalarElement(name: string, node: XdmSchemaNode, repetition: 'OPTIONAL' | 'REQUIRED'): SchemaElement {
  switch (xdmTypeOf(node)) {
    case 'boolean':
      return { name, type: 'BOOLEAN', repetition_type: repetition };
    case 'byte':
      return { name, type: 'INT32', converted_type: 'INT_8', repetition_type: repetition };
    case 'short':
      return { name, type: 'INT32', converted_type: 'INT_16', repetition_type: repetition };
    case 'int':
      return { name, type: 'INT32', repetition_type: repetition };
    case 'long':
      return { name, type: 'INT64', repetition_type: repetition };
    case 'number':
      return { name, type: 'DOUBLE', repetition_type: repetition };
    case 'date':
      return { name, type: 'INT32', converted_type: 'DATE', repetition_type: repetition };
    case 'date-time':
      return { name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: repetition };
    default:
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: repetition };
  }
}

/**
 * The schema cut down to the fields some destination writes (with every field below a
 * destination that is an object, and the whole of identityMap when `identityMap` is true).
 * Why: a Parquet file has a column per leaf of its schema, and each column costs its
 * shredding, statistics and pages in every row group even when all its values are null; the
 * Registry's Profile field groups carry hundreds of leaves beside the dozen a mapping fills, so
 * writing them all made Parquet output several times slower than JSON Lines. A record never
 * holds a field its mapping does not write, and AEP reads a missing column as absent values.
 */
export function schemaForDestinations(schema: XdmSchemaNode, destinations: readonly string[], identityMap: boolean): XdmSchemaNode {
  const paths: PathSegment[][] = [];
  for (const d of destinations) {
    try {
      paths.push(parseDestinationPath(d));
    } catch {
      // A destination that is not a path writes nothing (the mapping refuses it).
    }
  }
  if (identityMap) paths.push([{ key: 'identityMap' }]);
  return pruned(schema, paths) ?? { ...schema, properties: {} };
}

/** `node` with only what `paths` (relative to it) reach; undefined when none reaches anything. */
function pruned(node: XdmSchemaNode, paths: readonly PathSegment[][]): XdmSchemaNode | undefined {
  if (paths.length === 0) return undefined;
  // A path that ends here writes the whole node (a leaf, or an object from an expression).
  if (paths.some((p) => p.length === 0)) return node;
  const type = xdmTypeOf(node);
  const rests = (segment: (s: PathSegment) => boolean): PathSegment[][] => paths.filter((p) => segment(p[0] as PathSegment)).map((p) => p.slice(1));
  if (type === 'object' && node.properties) {
    const properties: Record<string, XdmSchemaNode> = {};
    for (const [key, child] of Object.entries(node.properties)) {
      const kept = pruned(
        child,
        rests((s) => 'key' in s && s.key === key),
      );
      if (kept) setOwn(properties, key, kept);
    }
    return Object.keys(properties).length > 0 ? { ...node, properties } : undefined;
  }
  if (type === 'map' && typeof node.additionalProperties === 'object') {
    const value = pruned(
      node.additionalProperties,
      rests((s) => 'key' in s),
    );
    return value ? { ...node, additionalProperties: value } : undefined;
  }
  if (type === 'array' && node.items) {
    const items = pruned(
      node.items,
      rests((s) => 'index' in s),
    );
    return items ? { ...node, items } : undefined;
  }
  return undefined;
}

/** Schema elements (depth first) of one field; empty when the field cannot be represented. */
export function fieldElements(name: string, node: XdmSchemaNode, repetition: 'OPTIONAL' | 'REQUIRED' = 'OPTIONAL'): SchemaElement[] {
  const type = xdmTypeOf(node);
  if (type === 'object') {
    const children = Object.entries(node.properties ?? {})
      .map(([k, child]) => fieldElements(k, child))
      .filter((c) => c.length > 0);
    if (children.length === 0) return [];
    return [{ name, repetition_type: repetition, num_children: children.length }, ...children.flat()];
  }
  if (type === 'array') {
    const element = node.items ? fieldElements('element', node.items) : [];
    if (element.length === 0) return [];
    return [
      { name, repetition_type: repetition, num_children: 1, converted_type: 'LIST' },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...element,
    ];
  }
  if (type === 'map') {
    const value = typeof node.additionalProperties === 'object' ? fieldElements('value', node.additionalProperties) : [];
    if (value.length === 0) return [];
    return [
      { name, repetition_type: repetition, num_children: 1, converted_type: 'MAP' },
      { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
      { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ...value,
    ];
  }
  return [scalarElement(name, node, repetition)];
}

/** The Parquet schema for the given top-level fields of a resolved XDM schema. */
export function parquetSchemaFor(schema: XdmSchemaNode, topLevel: readonly string[]): { elements: SchemaElement[]; columns: string[] } {
  const columns: string[] = [];
  const parts: SchemaElement[] = [];
  for (const name of topLevel) {
    const node = schema.properties ? (ownValue(schema.properties, name) as XdmSchemaNode | undefined) : undefined;
    if (!node) continue;
    const elements = fieldElements(name, node);
    if (elements.length === 0) continue;
    columns.push(name);
    parts.push(...elements);
  }
  return { elements: [{ name: 'root', num_children: columns.length }, ...parts], columns };
}
