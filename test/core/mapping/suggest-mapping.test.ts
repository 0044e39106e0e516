import { describe, expect, it } from 'vitest';
import { mappingFromSuggestions, nameTokens, primaryIdentityPath, suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { flattenFields } from '../../../src-shared/xdm/field-tree';
import { profileSchema } from '../xdm/helpers';

const { tree } = profileSchema();
const columns = [
  { name: 'customer_id', type: 'string' as const },
  { name: 'first_name', type: 'string' as const },
  { name: 'last_name', type: 'string' as const },
  { name: 'email', type: 'string' as const },
  { name: 'phone', type: 'string' as const },
  { name: 'birth_date', type: 'date' as const },
  { name: 'loyalty_points', type: 'integer' as const },
  { name: 'lifetime_value', type: 'number' as const },
  { name: 'opted_in', type: 'boolean' as const },
  { name: 'last_purchase_at', type: 'date-time' as const },
  { name: 'city', type: 'string' as const },
  { name: 'street', type: 'string' as const },
  { name: 'postal_code', type: 'string' as const },
  { name: 'country', type: 'string' as const },
  { name: 'notes', type: 'string' as const },
];

describe('nameTokens', () => {
  it('splits snake, camel and mixed names', () => {
    expect(nameTokens('first_name')).toEqual(['first', 'name']);
    expect(nameTokens('personalEmail')).toEqual(['personal', 'email']);
    expect(nameTokens('postalCode')).toEqual(['postal', 'code']);
    expect(nameTokens('loyaltyPoints')).toEqual(['loyalty', 'point']);
    expect(nameTokens('street1')).toEqual(['street']);
  });
});

describe('suggestMappings on the sample customer columns', () => {
  const suggestions = suggestMappings(columns, tree);
  const chosen = Object.fromEntries(suggestions.map((s) => [s.column, s.path]));

  it('maps the obvious columns to the standard Profile fields', () => {
    expect(chosen).toMatchObject({
      customer_id: 'personID',
      first_name: 'person.name.firstName',
      last_name: 'person.name.lastName',
      email: 'personalEmail.address',
      phone: 'mobilePhone.number',
      birth_date: 'person.birthDate',
      loyalty_points: 'loyalty.points',
      city: 'homeAddress.city',
      street: 'homeAddress.street1',
      postal_code: 'homeAddress.postalCode',
      country: 'homeAddress.country',
    });
  });

  it('leaves columns without a meaning in the schema unmapped', () => {
    expect(chosen.notes).toBeNull();
  });

  it('scores between 0 and 1 and never maps two columns to one field', () => {
    for (const s of suggestions) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
    }
    const paths = suggestions.map((s) => s.path).filter((p) => p !== null);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('builds a mapping with identities from the suggestions', () => {
    const mapping = mappingFromSuggestions(suggestions);
    expect(mapping.identities).toEqual([
      { column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' },
      { column: 'email', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
      { column: 'phone', namespace: 'Phone', primary: false, authenticatedState: 'ambiguous' },
    ]);
  });

  it("marks no identityMap entry primary when a column fills the schema's primary identity field", () => {
    // The tree as an identity descriptor on the e-mail address gives it (buildFieldTree's `identity`).
    const withDescriptor = structuredClone(tree);
    const emailField = flattenFields(withDescriptor).find((f) => f.path === 'personalEmail.address');
    if (!emailField) throw new Error('the profile schema has personalEmail.address');
    emailField.identity = { namespace: 'Email', primary: true };
    expect(primaryIdentityPath(withDescriptor)).toBe('personalEmail.address');
    const own = suggestMappings(columns, withDescriptor);
    const mapping = mappingFromSuggestions(own, undefined, columns, primaryIdentityPath(withDescriptor));
    expect(mapping.identities.map((i) => [i.namespace, i.primary])).toEqual([
      ['CRMID', false],
      ['Email', false],
      ['Phone', false],
    ]);
  });
});

describe('ambiguity', () => {
  it('leaves a column unmapped when two fields are equally good', () => {
    const [s] = suggestMappings([{ name: 'address_city' }], {
      schemaId: 'x',
      title: 'x',
      fields: [
        {
          path: 'billingAddress',
          name: 'billingAddress',
          type: 'object',
          required: false,
          deprecated: false,
          children: [{ path: 'billingAddress.city', name: 'city', type: 'string', required: false, deprecated: false, children: [] }],
        },
        {
          path: 'shippingAddress',
          name: 'shippingAddress',
          type: 'object',
          required: false,
          deprecated: false,
          children: [{ path: 'shippingAddress.city', name: 'city', type: 'string', required: false, deprecated: false, children: [] }],
        },
      ],
    });
    expect(s).toMatchObject({ path: null, status: 'ambiguous' });
    expect(s?.candidates.map((c) => c.path)).toEqual(['billingAddress.city', 'shippingAddress.city']);
  });
});
