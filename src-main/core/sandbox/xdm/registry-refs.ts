/**
 * The `$ref`s of a registry resource: collecting them, refusing those that lead nowhere, and finding
 * who uses a resource.
 *
 * AEP refuses a resource whose `$ref` it cannot resolve when it is written, not when it is read: a
 * schema created with `{"$ref": null}` would otherwise break every later `xed-full` read and every
 * batch into its datasets. The same walk answers "is this resource used by another", which AEP
 * checks before a delete.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { RegistryError } from './registry-error';

/** Every `$ref` value in `value` (any JSON type: a non-string one is an error the caller reports). */
export function refsIn(value: JsonValue, out: JsonValue[] = []): JsonValue[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (isJsonObject(value)) {
    for (const [key, sub] of Object.entries(value)) {
      if (key === '$ref') out.push(sub);
      else refsIn(sub, out);
    }
  }
  return out;
}

/** The document part of a reference: `https://…/record` for `https://…/record#/definitions/x`. */
export function refBase(ref: string): string {
  const hash = ref.indexOf('#');
  return hash >= 0 ? ref.slice(0, hash) : ref;
}

function pointerExists(doc: JsonObject, fragment: string): boolean {
  let node: JsonValue | undefined = doc;
  for (const raw of fragment.split('/').filter((s) => s.length > 0)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node)) return false;
    node = node[key];
  }
  return isJsonObject(node);
}

/**
 * Throws `XDM-1010-400` unless every `$ref` of `doc` is a string that resolves: a local
 * `#/definitions/…` pointer inside `doc`, or the `$id` of a resource `exists` knows.
 */
export function checkRefs(doc: JsonObject, exists: (id: string) => boolean): void {
  for (const ref of refsIn(doc)) {
    if (typeof ref !== 'string' || ref.trim() === '') {
      throw new RegistryError(
        400,
        'XDM-1010-400',
        'Bad Request',
        `Unresolvable $ref ${JSON.stringify(ref)}: a $ref must be the $id of a resource or a #/definitions pointer`,
      );
    }
    const base = refBase(ref);
    if (base === '') {
      if (!pointerExists(doc, ref.slice(1)))
        throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `Unresolvable $ref ${ref}: no such definition in the resource`);
    } else if (!exists(base)) {
      throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `Unresolvable $ref ${ref}: the referenced resource was not found`);
    }
  }
}

/** True when `doc` refers to the resource `id` through a `$ref` or as its `meta:class`. */
export function usesResource(doc: JsonObject, id: string): boolean {
  if (doc['meta:class'] === id) return true;
  return refsIn(doc).some((r) => typeof r === 'string' && refBase(r) === id);
}
