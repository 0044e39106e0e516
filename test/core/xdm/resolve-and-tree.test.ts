import { describe, expect, it } from 'vitest';
import { compatibilityRoute } from '../../../src-shared/xdm/compatibility-mode';
import { buildFieldTree, findField, flattenFields, leafFields } from '../../../src-shared/xdm/field-tree';
import { parseIdentityDescriptors } from '../../../src-shared/xdm/identity-descriptors';
import { loadSchemaJson } from '../../../src-main/core/xdm/load-schema';
import { EXPERIENCE_EVENT_CLASS, standardExperienceEventFieldGroups } from '../../../src-main/core/xdm/standard-library';
import { profileSchema } from './helpers';

describe('compatibility mode names', () => {
  it('drops xdm:, nests other prefixes and renames @id', () => {
    expect(compatibilityRoute('xdm:personalEmail')).toEqual(['personalEmail']);
    expect(compatibilityRoute('@id')).toEqual(['_id']);
    expect(compatibilityRoute('repo:createDate')).toEqual(['_repo', 'createDate']);
    expect(compatibilityRoute('https://ns.adobe.com/vendorA/product/stockNumber')).toEqual(['_vendorA', 'product', 'stockNumber']);
  });
});

describe('offline resolution of the standard Profile schema', () => {
  const { schema, tree } = profileSchema();

  it('merges class, behaviour and field groups into one Compatibility Mode tree', () => {
    const top = Object.keys(schema.properties ?? {});
    for (const name of ['_id', '_repo', 'personID', 'identityMap', 'person', 'personalEmail', 'homeAddress', 'mobilePhone', 'loyalty', 'consents'])
      expect(top).toContain(name);
    expect(top.some((k) => k.includes(':'))).toBe(false);
    expect(schema['meta:class']).toBe('https://ns.adobe.com/xdm/context/profile');
    expect(schema['meta:extends']).toContain('https://ns.adobe.com/xdm/data/record');
    const text = JSON.stringify(schema);
    expect(text.includes('"$ref"'), 'no $ref left').toBe(false);
    expect(text.includes('"allOf"'), 'no allOf left').toBe(false);
  });

  it('keeps the standard name and the data type of converted fields', () => {
    const email = schema.properties?.personalEmail;
    expect(email?.['meta:xdmField']).toBe('xdm:personalEmail');
    expect(email?.['meta:referencedFrom']).toBe('https://ns.adobe.com/xdm/context/emailaddress');
    expect(schema.properties?._repo?.['meta:xedConverted']).toBe(true);
  });

  it('builds a field tree with types, formats, titles and maps as single fields', () => {
    expect(findField(tree, 'person.name.firstName')).toMatchObject({ type: 'string', title: 'First name' });
    expect(findField(tree, 'person.birthDate')).toMatchObject({ type: 'date', format: 'date' });
    expect(findField(tree, 'personalEmail.address')).toMatchObject({ type: 'string', format: 'email' });
    expect(findField(tree, 'identityMap')).toMatchObject({ type: 'map', elementType: 'array', children: [] });
    expect(findField(tree, 'person.birthYear')).toMatchObject({ type: 'short', minimum: 1, maximum: 32767 });
    expect(findField(tree, '_repo.createDate')).toMatchObject({ type: 'date-time' });
    const leaves = leafFields(tree);
    expect(leaves.length).toBeGreaterThan(250);
    expect(leaves.every((f) => f.type !== 'object')).toBe(true);
  });

  it('marks identity descriptors on their fields', () => {
    const descriptors = parseIdentityDescriptors([
      { '@type': 'xdm:descriptorIdentity', 'xdm:sourceProperty': '/personalEmail/address', 'xdm:namespace': 'Email', 'xdm:isPrimary': true },
      { '@type': 'xdm:descriptorOneToOne', 'xdm:sourceProperty': '/person' },
    ]);
    expect(descriptors).toEqual([{ path: 'personalEmail.address', namespace: 'Email', primary: true }]);
    const t = buildFieldTree(schema, descriptors);
    expect(findField(t, 'personalEmail.address')?.identity).toEqual({ namespace: 'Email', primary: true });
    expect(flattenFields(t).filter((f) => f.identity).length).toBe(1);
  });
});

describe('ExperienceEvent resolution', () => {
  it('lifts the class required fields to the root and walks arrays of objects', () => {
    const { schema, tree } = loadSchemaJson({ class: EXPERIENCE_EVENT_CLASS, fieldGroups: [...standardExperienceEventFieldGroups] });
    expect(schema.required).toEqual(['_id', 'timestamp']);
    expect(findField(tree, 'timestamp')).toMatchObject({ required: true, type: 'date-time' });
    expect(findField(tree, '_id')?.required).toBe(true);
    expect(findField(tree, 'productListItems[].SKU')).toMatchObject({ type: 'string' });
    expect(findField(tree, 'productListItems[0].SKU')?.path).toBe('productListItems[].SKU');
    expect(findField(tree, 'eventType')?.suggestedValues).toBeDefined();
  });
});

describe('loading schema JSON', () => {
  it('accepts a resolved registry response as is and refuses non-schemas', () => {
    const loaded = loadSchemaJson({ $id: 'x', title: 'T', type: 'object', properties: { a: { type: 'string' } }, required: ['a'] });
    expect(loaded.tree.fields).toEqual([expect.objectContaining({ path: 'a', required: true })]);
    expect(() => loadSchemaJson({ title: 'no properties' })).toThrow(/Not a resolved XDM schema/);
    expect(() => loadSchemaJson([1])).toThrow(/JSON object/);
  });

  it('accepts a raw xed schema with allOf of standard components', () => {
    const loaded = loadSchemaJson({
      title: 'Raw',
      allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' }],
    });
    expect(findField(loaded.tree, 'person.name.lastName')).toBeDefined();
  });
});
