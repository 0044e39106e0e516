import { describe, expect, it } from 'vitest';
import { exportDataPrep, importDataPrep } from '../../../src-shared/mapping/data-prep-interchange';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';

const mapping: MappingFile = {
  version: 1,
  schemaRef: { id: 'https://ns.adobe.com/tenant/schemas/abc', contentType: 'application/vnd.adobe.xed-full+json;version=1' },
  rules: [
    { source: { kind: 'column', column: 'Id' }, destination: '_id', description: 'the key' },
    { source: { kind: 'column', column: 'Full.Name' }, destination: 'person.name.fullName' },
    { source: { kind: 'static', value: 'CUSTOMER' }, destination: 'person.type' },
    { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'personalEmail.address' },
  ],
  identities: [
    { column: 'email', namespace: 'Email', primary: true, authenticatedState: 'authenticated' },
    { column: 'crm', namespace: 'CRMID', primary: false, authenticatedState: 'ambiguous' },
    { column: 'email2', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
  ],
};

describe('Data Prep export', () => {
  it('writes the create body with escaped paths and identities as identityMap mappings', () => {
    const { mappingSet, warnings } = exportDataPrep(mapping);
    expect(warnings).toEqual([]);
    expect(mappingSet.outputSchema?.schemaRef.id).toBe('https://ns.adobe.com/tenant/schemas/abc');
    expect(mappingSet.mappings.slice(0, 4)).toEqual([
      { sourceType: 'ATTRIBUTE', source: 'Id', destination: '_id', description: 'the key' },
      { sourceType: 'ATTRIBUTE', source: 'Full\\.Name', destination: 'person.name.fullName' },
      { sourceType: 'STATIC', source: 'CUSTOMER', destination: 'person.type' },
      { sourceType: 'EXPRESSION', source: 'lower(trim(email))', destination: 'personalEmail.address' },
    ]);
    expect(mappingSet.mappings).toContainEqual({ sourceType: 'ATTRIBUTE', source: 'email2', destination: 'identityMap.Email[1].id' });
    expect(mappingSet.mappings).toContainEqual({ sourceType: 'STATIC', source: 'true', destination: 'identityMap.Email[0].primary' });
  });

  it('warns about functions AEP does not know', () => {
    const { warnings } = exportDataPrep({ ...mapping, rules: [{ source: { kind: 'expression', expression: 'to_boolean(x)' }, destination: 'a' }] });
    expect(warnings).toEqual(['Rule 1: to_boolean is not a Data Prep function; AEP will refuse this rule']);
  });
});

describe('Data Prep import', () => {
  it('round-trips our mapping files', () => {
    expect(importDataPrep(exportDataPrep(mapping).mappingSet)).toEqual(mapping);
  });

  it('accepts the read shape and the text/x.schema-path alias, ignoring read-only fields', () => {
    const read = {
      id: 'ms1',
      version: 2,
      status: 'PUBLISHED',
      outputSchema: { id: 'x', schemaRef: { id: 'https://ns.adobe.com/t/schemas/1' } },
      mappings: [{ id: 'm1', sourceType: 'text/x.schema-path', source: 'a\\.b', destination: 'x.y', identity: false, matchScore: 0 }],
    };
    expect(importDataPrep(read)).toEqual({
      version: 1,
      schemaRef: { id: 'https://ns.adobe.com/t/schemas/1', contentType: 'application/vnd.adobe.xed-full+json;version=1' },
      rules: [{ source: { kind: 'column', column: 'a.b' }, destination: 'x.y' }],
      identities: [],
    });
  });

  it('keeps identityMap mappings that are not simple identities as ordinary rules', () => {
    const set = { mappings: [{ sourceType: 'EXPRESSION', source: 'lower(e)', destination: 'identityMap.Email[0].id' }] };
    expect(importDataPrep(set).rules).toEqual([{ source: { kind: 'expression', expression: 'lower(e)' }, destination: 'identityMap.Email[0].id' }]);
  });

  it('refuses unknown source types with the mapping number', () => {
    expect(() =>
      importDataPrep({
        mappings: [
          { sourceType: 'ATTRIBUTE', source: 'a', destination: 'b' },
          { sourceType: 'MAGIC', source: 'a', destination: 'c' },
        ],
      }),
    ).toThrow('Mapping 2: unknown sourceType "MAGIC"');
  });
});

describe('Data Prep array notation (mapping-set.md: "Field at a specific array index", "Iterative array operation")', () => {
  const products = {
    mappings: [
      { sourceType: 'ATTRIBUTE', source: 'product_sku', destination: 'productListItems[0].SKU' },
      { sourceType: 'ATTRIBUTE', source: 'price', destination: 'productListItems[*].priceTotal' },
      { sourceType: 'ATTRIBUTE', source: 'second_sku', destination: 'productListItems[1].SKU' },
      { sourceType: 'ATTRIBUTE', source: 'email', destination: 'identityMap.Email[*].id' },
      { sourceType: 'STATIC', source: 'true', destination: 'identityMap.Email[*].primary' },
    ],
  };

  it('imports an element by index as is, and a wildcard over a flat row as its one element [0]', () => {
    const imported = importDataPrep(products);
    expect(imported.rules.map((r) => r.destination)).toEqual(['productListItems[0].SKU', 'productListItems[0].priceTotal', 'productListItems[1].SKU']);
    expect(imported.identities).toEqual([{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }]);
  });

  it('exports indexes in the same notation, so several columns into one element round-trip', () => {
    const imported = importDataPrep(products);
    const again = importDataPrep(exportDataPrep(imported).mappingSet);
    expect(again).toEqual(imported);
    expect(
      exportDataPrep(imported)
        .mappingSet.mappings.slice(0, 3)
        .map((m) => m.destination),
    ).toEqual(['productListItems[0].SKU', 'productListItems[0].priceTotal', 'productListItems[1].SKU']);
  });

  it('refuses a source that iterates over an array, naming the mapping', () => {
    expect(() => importDataPrep({ mappings: [{ sourceType: 'ATTRIBUTE', source: 'items[*].sku', destination: 'productListItems[*].SKU' }] })).toThrow(
      /Mapping 1: "items\[\*\]\.sku" iterates over a source array/,
    );
  });
});
