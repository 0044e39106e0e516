import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../src-shared/xdm/xdm-schema-node';
import { setOwn } from '../../../src-shared/domain/own-keys';

/**
 * Derives the schema Ajv compiles from a resolved XDM schema.
 * Why a derived copy: AEP refuses extraneous keys ("extraneous key [x] is not permitted"), so
 * every object that is not a map gets `additionalProperties: false`; dotted root `required`
 * entries (`_repo.createDate`) move into their objects; `$id`s and `$schema` go, since they
 * are documentation here and would make Ajv register or fetch schemas.
 */
export function toAjvSchema(node: XdmSchemaNode, isRoot = true): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema' || key === 'properties' || key === 'items' || key === 'additionalProperties' || key === 'required') continue;
    if (key.startsWith('meta:') || key === 'default') continue;
    out[key] = value;
  }
  const type = xdmTypeOf(node);
  if (node.properties) {
    const props: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(node.properties)) setOwn(props, name, toAjvSchema(child, false));
    out.properties = props;
  }
  if (type === 'object') out.additionalProperties = false;
  else if (typeof node.additionalProperties === 'object') out.additionalProperties = toAjvSchema(node.additionalProperties, false);
  if (node.items) out.items = toAjvSchema(node.items, false);
  const required = node.required ?? [];
  if (isRoot) {
    const direct: string[] = [];
    for (const r of required) {
      if (!r.includes('.')) direct.push(r);
      else pushNestedRequired(out, r.split('.'));
    }
    if (direct.length > 0) out.required = direct;
  } else if (required.length > 0) {
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), ...required])];
  }
  return out;
}

function pushNestedRequired(root: Record<string, unknown>, segments: string[]): void {
  let node = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    const next = props?.[segments[i] as string];
    if (!next) return;
    node = next;
  }
  const leaf = segments[segments.length - 1] as string;
  node.required = [...new Set([...((node.required as string[] | undefined) ?? []), leaf])];
}
