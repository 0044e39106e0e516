import type { ConversionIssue, ConvertOptions } from './conversions';
import { setOwn } from '../domain/own-keys';
import { convertValue } from './conversions';
import { isXdmDate, isXdmDateTime } from './date-text';
import { childPath } from './issue-kinds';
import type { XdmSchemaNode } from './xdm-schema-node';
import { xdmTypeOf } from './xdm-schema-node';

/**
 * {@link convertTree} compiled once per schema into closures.
 * Why: the prepare job converts millions of records against one schema; resolving each node's
 * XDM type and property table per value costs more than the conversion itself. The closures
 * take fast paths for values already of the right type and defer everything else to
 * {@link convertValue}, so the rules stay in one place. Paths are only built when an issue
 * is reported.
 */
export type CompiledConverter = (record: unknown) => { value: unknown; issues: ConversionIssue[] };

const DROP = Symbol('drop');
/** `key` is null for the root, whose path is ''. */
type NodeFn = (value: unknown, parent: string, key: string | number | null, issues: ConversionIssue[]) => unknown;

function pathOf(parent: string, key: string | number | null): string {
  return key === null ? parent : childPath(parent, key);
}

function compileNode(node: XdmSchemaNode, options: ConvertOptions): NodeFn {
  const type = xdmTypeOf(node);
  if ((type === 'object' || type === 'map') && (node.properties || typeof node.additionalProperties === 'object')) {
    const props = new Map<string, NodeFn>();
    if (type === 'object') for (const [k, child] of Object.entries(node.properties ?? {})) props.set(k, compileNode(child, options));
    const valueFn = type === 'map' && typeof node.additionalProperties === 'object' ? compileNode(node.additionalProperties, options) : undefined;
    return (value, parent, key, issues) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return leaf(node, options)(value, parent, key, issues);
      const here = pathOf(parent, key);
      const out: Record<string, unknown> = {};
      const src = value as Record<string, unknown>;
      // Keys are the record's own (a `__proto__` key from JSON.parse included): set as own keys.
      for (const k of Object.keys(src)) {
        const fn = valueFn ?? props.get(k);
        if (!fn) {
          setOwn(out, k, src[k]);
          continue;
        }
        const converted = fn(src[k], here, k, issues);
        if (converted !== DROP) setOwn(out, k, converted);
      }
      return out;
    };
  }
  if (type === 'array' && node.items) {
    const itemFn = compileNode(node.items, options);
    return (value, parent, key, issues) => {
      if (!Array.isArray(value)) return leaf(node, options)(value, parent, key, issues);
      const here = pathOf(parent, key);
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const converted = itemFn(value[i], here, i, issues);
        if (converted !== DROP) out.push(converted);
      }
      return out;
    };
  }
  return leaf(node, options);
}

function leaf(node: XdmSchemaNode, options: ConvertOptions): NodeFn {
  const type = xdmTypeOf(node);
  const slow: NodeFn = (value, parent, key, issues) => {
    const r = convertValue(value, node, options);
    if (r.ok) return r.value;
    const at = pathOf(parent, key);
    const suffix = r.issue.path;
    issues.push({ ...r.issue, path: suffix === '' ? at : suffix.startsWith('[') ? `${at}${suffix}` : childPath(at, suffix) });
    return DROP;
  };
  switch (type) {
    case 'string':
      return (value, parent, key, issues) => (typeof value === 'string' && value !== '' ? value : slow(value, parent, key, issues));
    case 'date':
      return (value, parent, key, issues) => (typeof value === 'string' && isXdmDate(value) ? value : slow(value, parent, key, issues));
    case 'date-time':
      return (value, parent, key, issues) => (typeof value === 'string' && isXdmDateTime(value) ? value : slow(value, parent, key, issues));
    case 'boolean':
      return (value, parent, key, issues) => (typeof value === 'boolean' ? value : slow(value, parent, key, issues));
    default:
      return slow;
  }
}

export function compileConverter(schema: XdmSchemaNode, options: ConvertOptions = {}): CompiledConverter {
  const root = compileNode(schema, options);
  return (record) => {
    const issues: ConversionIssue[] = [];
    const value = root(record, '', null, issues);
    return { value: value === DROP ? undefined : value, issues };
  };
}
