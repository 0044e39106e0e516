import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';

/**
 * The identities one XDM record carries: its `identityMap` entries and the fields the schema's
 * identity descriptors name (xdm-notes §4, aep-notes §5).
 * Why both: AEP accepts either form and Profile stitches on both; a record is Profile-ready
 * when one of them gives it a primary identity with a value.
 */
export interface RecordIdentity {
  namespace: string;
  id: string;
  primary: boolean;
  from: 'identityMap' | 'descriptor';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Value at a dot path (`personalEmail.address`), descending through objects only. */
function valueAt(record: Record<string, unknown>, dotPath: string): unknown {
  let node: unknown = record;
  for (const key of dotPath.split('.')) node = isObject(node) ? node[key] : undefined;
  return node;
}

export function recordIdentities(record: Record<string, unknown>, descriptors: readonly IdentityDescriptor[]): RecordIdentity[] {
  const out: RecordIdentity[] = [];
  const map = record.identityMap;
  if (isObject(map)) {
    for (const [namespace, items] of Object.entries(map)) {
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        // Parquet parts may carry `primary` as a string; the flag is what matters here.
        if (isObject(item) && typeof item.id === 'string' && item.id !== '') {
          out.push({ namespace, id: item.id, primary: item.primary === true || item.primary === 'true', from: 'identityMap' });
        }
      }
    }
  }
  for (const d of descriptors) {
    const value = valueAt(record, d.path);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v !== '') out.push({ namespace: d.namespace, id: v, primary: d.primary, from: 'descriptor' });
    }
  }
  return out;
}

/**
 * The identity Profile would key the record on: the primary one, else none.
 * Why the identityMap entry is taken first when both forms mark one: it carries its namespace with
 * the data, so the lookup uses exactly what was sent; Adobe's pages do not say which one wins.
 */
export function primaryIdentity(identities: readonly RecordIdentity[]): RecordIdentity | undefined {
  return identities.find((i) => i.primary && i.from === 'identityMap') ?? identities.find((i) => i.primary);
}

/**
 * How many identities of a record are primary, counted as prepare counts them (record-validator):
 * none means Profile skips the record, several that Profile cannot choose.
 */
export function primaryCount(identities: readonly RecordIdentity[]): number {
  return identities.filter((i) => i.primary).length;
}

/** What prepare counted over the whole file (summary.json's `issuesByKind`). */
export interface PreparedIdentityIssues {
  noPrimary: number;
  severalPrimary: number;
}
