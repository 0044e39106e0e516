import { describe, expect, it } from 'vitest';
import { keepingPrimary, primaryIdentities, primaryWords } from '../../src-renderer/features/mapping/primary-identities';
import type { IdentityRule, MappingRule } from '../../src-shared/mapping/mapping-types';
import type { XdmField } from '../../src-shared/xdm/field-tree';

const id = (column: string, namespace: string, primary: boolean): IdentityRule => ({ column, namespace, primary, authenticatedState: 'ambiguous' });
const column = (name: string, destination: string): MappingRule => ({ source: { kind: 'column', column: name }, destination });
/** A schema whose primary identity descriptor is on personalEmail.address. */
const address: XdmField = {
  path: 'personalEmail.address',
  name: 'address',
  type: 'string',
  required: false,
  deprecated: false,
  identity: { namespace: 'Email', primary: true },
  children: [],
};
const fields: XdmField[] = [{ path: 'personalEmail', name: 'personalEmail', type: 'object', required: false, deprecated: false, children: [address] }];

describe('primary identities of a loaded mapping (issue 15)', () => {
  it('finds two identityMap primaries, and keeping one unmarks the other', () => {
    const identities = [id('email', 'Email', true), id('crm', 'CRMID', true), id('phone', 'Phone', false)];
    const found = primaryIdentities([], identities, null);
    expect(found.map(primaryWords)).toEqual(['email as Email (identityMap)', 'crm as CRMID (identityMap)']);
    const kept = keepingPrimary(identities, found[1] as (typeof found)[number]);
    expect(kept.map((i) => i.primary)).toEqual([false, true, false]);
    expect(primaryIdentities([], kept, null)).toHaveLength(1);
  });

  it('counts the schema’s primary identity field when a rule fills it; keeping it unmarks identityMap', () => {
    const rules = [column('mail', 'personalEmail.address')];
    const identities = [id('crm', 'CRMID', true)];
    const found = primaryIdentities(rules, identities, fields);
    expect(found.map(primaryWords)).toEqual(['mail → personalEmail.address as Email (the schema’s primary identity field)', 'crm as CRMID (identityMap)']);
    const kept = keepingPrimary(identities, found[0] as (typeof found)[number]);
    expect(primaryIdentities(rules, kept, fields)).toEqual([{ kind: 'schema', path: 'personalEmail.address', namespace: 'Email', column: 'mail' }]);
  });

  it('does not count the schema’s field when no rule fills it', () => {
    expect(primaryIdentities([column('mail', 'workEmail.address')], [id('crm', 'CRMID', true)], fields)).toHaveLength(1);
  });
});
