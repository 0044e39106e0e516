/**
 * A minimal RFC 6902 JSON Patch (`add`, `replace`, `remove`, `test`) for schemas and datasets.
 *
 * Schema Registry PATCH and Catalog's `application/json-patch+json` both send patches; the sandbox
 * applies them to a copy and rejects the whole patch on the first bad operation, as RFC 6902 asks.
 */
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from './json';

export class JsonPatchError extends Error {}

function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  if (!ptr.startsWith('/')) throw new JsonPatchError(`Invalid JSON pointer ${ptr}`);
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies `ops` to a copy of `doc`; throws `JsonPatchError` when an operation does not apply. */
export function applyJsonPatch(doc: JsonObject, ops: JsonValue): JsonObject {
  if (!Array.isArray(ops)) throw new JsonPatchError('A JSON Patch body must be an array of operations');
  const out = cloneJson(doc);
  for (const op of ops) {
    if (!isJsonObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') throw new JsonPatchError('Each operation needs op and path');
    const segs = parsePointer(op.path);
    const last = segs.pop();
    if (last === undefined) throw new JsonPatchError('The root cannot be patched');
    let parent: JsonValue = out;
    for (const seg of segs) {
      let next: JsonValue | undefined = Array.isArray(parent) ? parent[Number(seg)] : isJsonObject(parent) ? parent[seg] : undefined;
      if (next === undefined && op.op === 'add' && isJsonObject(parent)) {
        next = {};
        parent[seg] = next;
      }
      if (next === undefined) throw new JsonPatchError(`Path ${op.path} does not exist`);
      parent = next;
    }
    const value = op.value;
    switch (op.op) {
      case 'add':
      case 'replace':
        if (value === undefined) throw new JsonPatchError(`${op.op} needs a value`);
        if (Array.isArray(parent)) {
          const index = last === '-' ? parent.length : Number(last);
          if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new JsonPatchError(`Bad array index in ${op.path}`);
          if (op.op === 'add') parent.splice(index, 0, value);
          else parent[index] = value;
        } else if (isJsonObject(parent)) {
          if (op.op === 'replace' && !(last in parent)) throw new JsonPatchError(`Path ${op.path} does not exist`);
          parent[last] = value;
        } else throw new JsonPatchError(`Path ${op.path} does not exist`);
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else if (isJsonObject(parent) && last in parent) delete parent[last];
        else throw new JsonPatchError(`Path ${op.path} does not exist`);
        break;
      case 'test': {
        const current = Array.isArray(parent) ? parent[Number(last)] : isJsonObject(parent) ? parent[last] : undefined;
        if (JSON.stringify(current) !== JSON.stringify(value)) throw new JsonPatchError(`Test failed at ${op.path}`);
        break;
      }
      default:
        throw new JsonPatchError(`Unsupported operation ${op.op}`);
    }
  }
  return out;
}
