import type { XdmSchemaNode } from './xdm-schema-node';

/**
 * An identity declared on an ordinary field by a Schema Registry descriptor.
 * Why kept separately from the schema: descriptors are their own registry resources
 * (`/tenant/descriptors`), fetched or saved next to the schema, yet the field tree and the
 * validator need them to say which field is the primary identity.
 */
export interface IdentityDescriptor {
  /** Field path in dot form (`personalEmail.address`). */
  path: string;
  namespace: string;
  primary: boolean;
}

/** Turns a descriptor's JSON-Pointer-like `xdm:sourceProperty` into a dot path. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * Reads identity descriptors from registry descriptor objects, ignoring other descriptor types.
 * Why tolerant: `GET /descriptors` returns every kind (relationships, display info); only
 * `xdm:descriptorIdentity` matters here, and a malformed one is skipped rather than fatal.
 */
export function parseIdentityDescriptors(descriptors: readonly unknown[]): IdentityDescriptor[] {
  const out: IdentityDescriptor[] = [];
  for (const d of descriptors) {
    if (typeof d !== 'object' || d === null) continue;
    const rec = d as Record<string, unknown>;
    if (rec['@type'] !== 'xdm:descriptorIdentity') continue;
    const source = rec['xdm:sourceProperty'];
    const namespace = rec['xdm:namespace'];
    if (typeof source !== 'string' || (typeof namespace !== 'string' && typeof namespace !== 'number')) continue;
    out.push({ path: pointerToPath(source), namespace: String(namespace), primary: rec['xdm:isPrimary'] === true });
  }
  return out;
}

/**
 * Identity descriptors carried inside a schema document (`meta:descriptors`, our saved-file form,
 * or `xdm:descriptors`).
 */
export function embeddedIdentityDescriptors(schema: XdmSchemaNode): IdentityDescriptor[] {
  const list = schema['meta:descriptors'] ?? schema['xdm:descriptors'];
  return Array.isArray(list) ? parseIdentityDescriptors(list) : [];
}
