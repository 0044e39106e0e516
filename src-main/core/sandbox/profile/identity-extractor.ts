/**
 * Extracting a record's identities: `identityMap` entries and descriptor-declared fields.
 *
 * These are what Profile stitches on. Both forms exist in AEP (xdm-notes §4): `identityMap` carries
 * the namespace with the data; identity descriptors name a field and a namespace on the schema.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { IdentityField } from '../xdm/schema-registry-store';
import type { IdentityRef } from './profile-store';

/** All identities of a (converted, Compatibility Mode) record. */
export function extractIdentities(record: JsonObject, fields: IdentityField[]): IdentityRef[] {
  const out: IdentityRef[] = [];
  const map = record.identityMap;
  if (isJsonObject(map)) {
    for (const [ns, items] of Object.entries(map)) {
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        if (isJsonObject(item) && typeof item.id === 'string' && item.id !== '') out.push({ ns, id: item.id, primary: item.primary === true });
      }
    }
  }
  for (const f of fields) {
    let node: JsonValue | undefined = record;
    for (const seg of f.path) node = isJsonObject(node) ? node[seg] : undefined;
    const values = Array.isArray(node) ? node : [node];
    for (const v of values) if (typeof v === 'string' && v !== '') out.push({ ns: f.namespace, id: v, primary: f.primary });
    }
  return out;
}
