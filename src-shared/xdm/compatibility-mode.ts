import type { XdmSchemaNode } from './xdm-schema-node';
import { xdmTypeOf } from './xdm-schema-node';
import { ownOrAdd, setOwn } from '../domain/own-keys';

/**
 * Converts a resolved standard-notation schema tree to Compatibility Mode.
 * Why: AEP serves and ingests Compatibility Mode names (`person`, `_id`, `_repo.createDate`);
 * every converted property keeps `meta:xdmField` so its standard name can be recovered
 * (xdm-notes §1).
 */
export function toCompatibilityMode(node: XdmSchemaNode): XdmSchemaNode {
  const out: XdmSchemaNode = { ...node };
  if (node.properties) {
    const props: Record<string, XdmSchemaNode> = {};
    for (const [name, child] of Object.entries(node.properties)) {
      const converted = { ...toCompatibilityMode(child), 'meta:xdmField': name };
      const route = compatibilityRoute(name);
      let parent = props;
      for (const segment of route.slice(0, -1)) {
        const holder = ownOrAdd<XdmSchemaNode>(parent, segment, () => ({
          type: 'object',
          'meta:xdmType': 'object',
          'meta:xedConverted': true,
          properties: {},
        }));
        parent = holder.properties ??= {};
      }
      const leaf = route[route.length - 1] as string;
      setOwn(parent, leaf, converted);
    }
    out.properties = props;
    if (node.required) {
      out.required = node.required
        .map((name) => compatibilityRoute(name))
        .filter((r) => r.length === 1)
        .map((r) => r[0] as string);
      if (out.required.length === 0) delete out.required;
    }
  }
  if (node.items) out.items = toCompatibilityMode(node.items);
  if (typeof node.additionalProperties === 'object') out.additionalProperties = toCompatibilityMode(node.additionalProperties);
  out['meta:xdmType'] = xdmTypeOf(node);
  return out;
}

/**
 * The Compatibility Mode route of one standard property name.
 * `xdm:foo` → [foo]; `@id` → [_id]; `repo:createDate` → [_repo, createDate];
 * `https://ns.adobe.com/vendorA/product/stockNumber` → [_vendorA, product, stockNumber].
 */
export function compatibilityRoute(name: string): string[] {
  if (name === '@id') return ['_id'];
  if (name.startsWith('xdm:')) return [name.slice(4)];
  const uri = /^[a-z]+:\/\/[^/]+\/(.+)$/i.exec(name);
  if (uri) {
    const parts = (uri[1] as string).split('/').filter((p) => p !== '');
    if (parts.length === 0) return [name];
    return [`_${parts[0]}`, ...parts.slice(1)];
  }
  const colon = name.indexOf(':');
  if (colon > 0) return [`_${name.slice(0, colon)}`, name.slice(colon + 1)];
  if (name.startsWith('@')) return [`_${name.slice(1)}`];
  return [name];
}
