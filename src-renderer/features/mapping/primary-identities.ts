import { fieldPathOf } from '../../../src-shared/mapping/destination-path';
import type { IdentityRule, MappingRule } from '../../../src-shared/mapping/mapping-types';
import { flattenFields, type XdmField } from '../../../src-shared/xdm/field-tree';

/** A primary identity a mapped record would carry: an identityMap entry, or the field the schema's primary descriptor marks. */
export type PrimaryIdentity =
  | { kind: 'identityMap'; index: number; column: string; namespace: string }
  | { kind: 'schema'; path: string; namespace: string; column: string | null };

/**
 * The primary identities the mapping gives each record.
 * Why here and not only in preflight: the Map step never makes two (marking one primary unmarks
 * the others), but a mapping file or a draft can hold two, and so can a mapping that fills the
 * schema's primary identity field while identityMap has a primary too; Profile skips such records,
 * and the steward should see it while mapping, not after preparing the whole file.
 */
export function primaryIdentities(rules: readonly MappingRule[], identities: readonly IdentityRule[], fields: readonly XdmField[] | null): PrimaryIdentity[] {
  const out: PrimaryIdentity[] = [];
  const schemaPrimary = fields ? flattenFields(fields).find((f) => f.identity?.primary) : undefined;
  if (schemaPrimary?.identity) {
    const rule = rules.find((r) => r.destination && fieldPathOf(r.destination) === schemaPrimary.path);
    if (rule)
      out.push({
        kind: 'schema',
        path: schemaPrimary.path,
        namespace: schemaPrimary.identity.namespace,
        column: rule.source.kind === 'column' ? rule.source.column : null,
      });
  }
  identities.forEach((identity, index) => {
    if (identity.primary) out.push({ kind: 'identityMap', index, column: identity.column, namespace: identity.namespace });
  });
  return out;
}

/** The identities keeping `keep` as the one primary makes: every other identityMap entry unmarked. */
export function keepingPrimary(identities: readonly IdentityRule[], keep: PrimaryIdentity): IdentityRule[] {
  return identities.map((identity, index) => ({ ...identity, primary: keep.kind === 'identityMap' && keep.index === index }));
}

/** A primary identity in words (`email as Email (identityMap)`, `personalEmail.address as Email (the schema's)`). */
export function primaryWords(primary: PrimaryIdentity): string {
  if (primary.kind === 'identityMap') return `${primary.column || 'no column'} as ${primary.namespace} (identityMap)`;
  return `${primary.column ? `${primary.column} → ` : ''}${primary.path} as ${primary.namespace} (the schema’s primary identity field)`;
}
