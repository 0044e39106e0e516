import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { buildFieldTree } from '../../../../src-shared/xdm/field-tree';
import { compileFastRecordBuilder } from '../../../../src-main/core/jobs/prepare/fast-record-builder';
import { compileMapping } from '../../../../src-main/core/mapping/compile-mapping';
import { compileRecordValidator } from '../../../../src-main/core/xdm/record-validator';
import { customerColumns, customerMapping, customerSchema } from './fixtures';

/**
 * The fast path's contract: whenever it builds a record, the general path (mapping → AEP's
 * conversions → Ajv → identity checks) accepts the same row with no issue and builds the very
 * same record, byte for byte once serialised. Random rows from a pool of awkward values hold the
 * two paths to it.
 */

const identityMapNode = customerSchema.schema.properties?.identityMap as XdmSchemaNode;

const schema: XdmSchemaNode = {
  type: 'object',
  required: ['id', 'person.name.lastName'],
  properties: {
    id: { type: 'string', minLength: 3 },
    person: {
      type: 'object',
      properties: {
        name: { type: 'object', properties: { firstName: { type: 'string', maxLength: 8 }, lastName: { type: 'string' } } },
        birthDate: { type: 'string', format: 'date' },
        age: { type: 'integer', minimum: 0, maximum: 150 },
      },
    },
    score: { type: 'number', minimum: 0 },
    visits: { type: 'integer', 'meta:xdmType': 'long' },
    optedIn: { type: 'boolean' },
    tier: { type: 'string', enum: ['gold', 'silver'] },
    email: { type: 'string', format: 'email' },
    seenAt: { type: 'string', format: 'date-time' },
    code: { type: 'string', pattern: '^[A-Z]{2}$' },
    tags: { type: 'object', required: ['main'], properties: { main: { type: 'string' }, extra: { type: 'string' } } },
    identityMap: identityMapNode,
  },
};

const columns = ['id', 'first', 'last', 'birth', 'age', 'score', 'visits', 'opted', 'tier', 'email', 'seen', 'code', 'extra', 'crm', 'mail'];

const mapping: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'id' }, destination: 'id' },
    // Interleaved on purpose: key order then depends on which values are present.
    { source: { kind: 'column', column: 'first' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'birth' }, destination: 'person.birthDate' },
    { source: { kind: 'expression', expression: 'upper(trim(last))' }, destination: 'person.name.lastName' },
    { source: { kind: 'column', column: 'age' }, destination: 'person.age' },
    { source: { kind: 'expression', expression: 'to_float(score)' }, destination: 'score' },
    { source: { kind: 'column', column: 'visits' }, destination: 'visits' },
    { source: { kind: 'column', column: 'opted' }, destination: 'optedIn' },
    { source: { kind: 'expression', expression: 'lower(tier)' }, destination: 'tier' },
    { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'email' },
    { source: { kind: 'column', column: 'seen' }, destination: 'seenAt' },
    { source: { kind: 'column', column: 'code' }, destination: 'code' },
    { source: { kind: 'column', column: 'extra' }, destination: 'tags.extra' },
  ],
  identities: [
    { column: 'crm', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' },
    { column: 'mail', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
  ],
};

const awkward = [
  '', ' ', '0', '-1', '7', '42', '151', '1.5', '1e3', '12abc', '9007199254740993', 'yes', 'no', 'Y', 'true', 'maybe',
  'gold', 'GOLD', 'Silver', 'bronze', 'a@b.co', ' A@B.CO ', 'not-an-email', '2024-02-29', '2023-02-29', '1990-1-1',
  '2024-01-02T03:04:05Z', '2024-01-02T03:04:05', '2024-01-02T03:04:05.123+02:00', 'AB', 'ab', 'ABC', 'Zoë', 'Müller',
  'averyverylongname', 'x"y', 'line\nbreak', 'tab\there', 'back\\slash', 'lone \ud800 half', 'pair 😀', 'ID1', 'C000000001',
];

/** Mostly values that pass, so whole clean rows are common; now and then an awkward one. */
function rowArb(cleanByColumn: readonly (readonly string[])[]): fc.Arbitrary<string[]> {
  return fc.tuple(
    ...cleanByColumn.map((clean) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...clean) },
        { weight: 2, arbitrary: fc.constantFrom(...awkward) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
    ),
  );
}

const cleanValues: readonly (readonly string[])[] = [
  ['ID1', 'C000000001'], ['', 'Zoë', 'Ann', 'say "hi"', 'ünï 😀', 'a\\b'], ['Müller', ' smith '], ['', '2024-02-29', '1990-01-01'], ['', '0', '42'],
  ['', '1.5', '3'], ['', '9007199254740991', '-4'], ['', 'yes', 'false'], ['', 'GOLD', 'silver'], ['', ' A@B.CO '],
  ['', '2024-01-02T03:04:05Z'], ['', 'AB'], [''], ['c-1', 'c-2'], ['', 'a@b.co'],
];

const cleanCustomer: readonly (readonly string[])[] = [
  ['C000000001'], ['Ann', 'Zoë'], ['Doe', "O'Brien"], ['a@b.co', ' Ann@Example.COM'], ['+14155550000', ''], ['1990-01-01', ''], ['12', '0'],
  ['1.5'], ['yes', 'no'], ['2024-01-02T03:04:05Z'], ['Paris', 'München'], ['1 Main St, Apt 2'], ['75001'], ['US', ''], ['Said "hi"'],
];

/** The general path, as runPrepare runs it. */
function generalPath(s: XdmSchemaNode, m: MappingFile, cols: readonly string[], descriptors: readonly IdentityDescriptor[] = []) {
  const tree = buildFieldTree(s, descriptors);
  const mapper = compileMapping(m, { columns: cols, tree });
  const validator = compileRecordValidator(s, { dataPrepBooleans: true, descriptors });
  return (cells: readonly string[]) => {
    const mapped = mapper.map({ cells });
    const verdict = validator.validate(mapped.record);
    return { record: verdict.record, issues: [...mapped.issues, ...verdict.issues] };
  };
}

describe('compileFastRecordBuilder', () => {
  it('builds exactly what the general path builds, and only for rows it accepts without an issue', () => {
    const fast = compileFastRecordBuilder({ mapping, schema, columns, convert: { dataPrepBooleans: true } });
    expect(fast).toBeDefined();
    const general = generalPath(schema, mapping, columns);
    let fastRows = 0;
    let cleanRows = 0;
    fc.assert(
      fc.property(rowArb(cleanValues), (cells) => {
        const built = fast?.build(cells);
        const expected = general(cells);
        if (expected.issues.length === 0) cleanRows++;
        expect(fast?.buildJson(cells)).toBe(built === undefined ? undefined : JSON.stringify(built));
        if (built === undefined) return;
        fastRows++;
        expect(expected.issues).toEqual([]);
        expect(JSON.stringify(built)).toBe(JSON.stringify(expected.record));
      }),
      { numRuns: 4000 },
    );
    // The property is only worth something if both kinds of rows were met.
    expect(fastRows).toBeGreaterThan(20);
    expect(cleanRows).toBeGreaterThanOrEqual(fastRows);
  });

  it('takes every clean row of well-formed data, in the key order the general path gives', () => {
    const fast = compileFastRecordBuilder({ mapping, schema, columns, convert: { dataPrepBooleans: true } });
    const general = generalPath(schema, mapping, columns);
    const clean = fc.tuple(...cleanValues.map((values) => fc.constantFrom(...values)));
    fc.assert(
      fc.property(clean, (cells) => {
        const expected = general(cells);
        expect(expected.issues).toEqual([]);
        expect(JSON.stringify(fast?.build(cells))).toBe(JSON.stringify(expected.record));
        expect(fast?.buildJson(cells)).toBe(JSON.stringify(expected.record));
      }),
      { numRuns: 500 },
    );
  });

  it('declines rows with warnings (no primary identity) and rows missing a required field', () => {
    const fast = compileFastRecordBuilder({ mapping, schema, columns, convert: { dataPrepBooleans: true } });
    const row = (patch: Record<string, string>) => columns.map((c) => patch[c] ?? ({ id: 'ID1', last: 'Doe', crm: 'c-1' } as Record<string, string>)[c] ?? '');
    expect(fast?.build(row({}))).toBeDefined();
    expect(fast?.build(row({ crm: '', mail: 'a@b.co' }))).toBeUndefined(); // identities, none primary: a warning
    expect(fast?.build(row({ last: '' }))).toBeDefined(); // no person.name, so nothing inside it is required
    expect(fast?.build(row({ first: 'Ann', last: '' }))).toBeUndefined(); // person.name without its required lastName
    expect(fast?.build(row({ extra: 'x' }))).toBeUndefined(); // tags exists without its required `main`
    expect(fast?.build(row({ age: '151' }))).toBeUndefined(); // above the maximum
  });

  it('holds on the customer schema with identity descriptors', () => {
    const descriptors: IdentityDescriptor[] = [{ path: 'personalEmail.address', namespace: 'Email', primary: false }];
    const fast = compileFastRecordBuilder({ mapping: customerMapping, schema: customerSchema.schema, columns: customerColumns, descriptors, convert: { dataPrepBooleans: true } });
    expect(fast).toBeDefined();
    const general = generalPath(customerSchema.schema, customerMapping, customerColumns, descriptors);
    let fastRows = 0;
    fc.assert(
      fc.property(rowArb(cleanCustomer), (cells) => {
        const built = fast?.build(cells);
        expect(fast?.buildJson(cells)).toBe(built === undefined ? undefined : JSON.stringify(built));
        if (built === undefined) return;
        fastRows++;
        const expected = general(cells);
        expect(expected.issues).toEqual([]);
        expect(JSON.stringify(built)).toBe(JSON.stringify(expected.record));
      }),
      { numRuns: 2000 },
    );
    expect(fastRows).toBeGreaterThan(20);
  });

  it('offers no fast path for mappings outside its subset', () => {
    const withIndex: MappingFile = { ...mapping, rules: [...mapping.rules, { source: { kind: 'column', column: 'mail' }, destination: 'identityMap.Email[0].id' }] };
    expect(compileFastRecordBuilder({ mapping: withIndex, schema, columns })).toBeUndefined();
    const toObject: MappingFile = { version: 1, rules: [{ source: { kind: 'expression', expression: 'to_object("main", id)' }, destination: 'tags' }], identities: [] };
    expect(compileFastRecordBuilder({ mapping: toObject, schema, columns })).toBeUndefined();
    const combinator: XdmSchemaNode = { ...schema, anyOf: [{ required: ['id'] }] };
    expect(compileFastRecordBuilder({ mapping, schema: combinator, columns })).toBeUndefined();
  });
});
