/**
 * The flattened field map of a resolved schema (`Accept: application/vnd.adobe.xdm-full-flat+json`).
 *
 * Adobe's guides do not document this variant, but a widely used client sends it to list a schema's
 * field paths and reads the keys of `properties`, turning `/` into `.`. Here every field of the
 * `xed-full` tree, objects included, is one entry keyed by its Compatibility Mode path (`a/b/c`;
 * array items are walked through without a segment of their own), holding the field without its
 * sub-fields.
 */
import { isJsonObject, type JsonObject } from '../json';

function walk(props: JsonObject, prefix: string, out: JsonObject): void {
  for (const [name, field] of Object.entries(props)) {
    if (!isJsonObject(field)) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    const { properties, items, ...own } = field;
    const inner = isJsonObject(items) ? items.properties : properties;
    if (isJsonObject(items)) {
      const { properties: _sub, ...itemOwn } = items;
      own.items = itemOwn;
    }
    out[path] = own;
    if (isJsonObject(inner)) walk(inner, path, out);
  }
}

/** `{ ...resolved without nested properties, properties: { 'a/b': field } }`. */
export function flattenFields(resolved: JsonObject): JsonObject {
  const properties: JsonObject = {};
  if (isJsonObject(resolved.properties)) walk(resolved.properties, '', properties);
  return { ...resolved, properties };
}
