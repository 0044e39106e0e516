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

/**
 * The `identityMap` a profile fragment keeps: the record's own entries and its descriptor-declared
 * identities (as `{id}`), under lower-case namespace codes, one entry per id.
 *
 * Why: Profile answers an entity with an `identityMap` even for a record that sent none; the record
 * streaming tutorial's Jane Doe, whose only identity is the primary-identity field `workEmail.address`,
 * comes back with `identityMap: {email: [{id: "janedoe@example.com"}]}`. `identities` are the record's
 * kept identities (extractIdentities, filtered to known namespaces); entries of others are left out.
 */
export function profileIdentityMap(record: JsonObject, identities: readonly IdentityRef[]): JsonObject {
  const out: Record<string, JsonObject[]> = {};
  const add = (ns: string, item: JsonObject): void => {
    const list = (out[ns.toLowerCase()] ??= []);
    if (!list.some((i) => i.id === item.id)) list.push(item);
  };
  const kept = new Set(identities.map((i) => `${i.ns.toLowerCase()}\n${i.id}`));
  const map = record.identityMap;
  if (isJsonObject(map)) {
    for (const [ns, items] of Object.entries(map)) {
      if (!Array.isArray(items)) continue;
      for (const item of items) if (isJsonObject(item) && typeof item.id === 'string' && kept.has(`${ns.toLowerCase()}\n${item.id}`)) add(ns, item);
    }
  }
  for (const i of identities) add(i.ns, { id: i.id });
  return out;
}
