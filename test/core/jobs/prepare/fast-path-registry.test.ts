import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import { mappingFromSuggestions, suggestMappings } from '../../../../src-shared/mapping/suggest-mapping';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { compileFastPath } from '../../../../src-main/core/jobs/prepare/fast-record-builder';
import type { FastRecordBuilder } from '../../../../src-main/core/jobs/prepare/fast-record-builder';
import { compileFastPlan } from '../../../../src-main/core/jobs/prepare/fast-plan';
import { runPrepare } from '../../../../src-main/core/jobs/prepare/run-prepare';
import { inspectFile } from '../../../../src-main/core/sources/index';
import type { LoadedSchema } from '../../../../src-main/core/xdm/index';
import { loadSchemaJson } from '../../../../src-main/core/xdm/index';
import { generalPath, rowArb } from './differential';
import { customerColumns, tempDir } from './fixtures';

/**
 * The fast path on schemas as users have them: resolved by the Schema Registry, as
 * `xdm-loader schema get` saves them (test/fixtures/registry/: the Local sandbox's seeded
 * "XDM Loader Customers" and "XDM Loader Events", with `version`, `imsOrg`, `meta:*` keys), and
 * with a tenant field group added the way the Registry nests one (`_{tenantId}`). Issue 14: such
 * schemas used to send every row to the general path.
 */

const fixture = (name: string): LoadedSchema =>
  loadSchemaJson(JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'registry', name), 'utf8')) as unknown);

/** The customers schema with a tenant field group, as the Registry resolves one (Compatibility Mode names). */
function withTenantFields(schema: XdmSchemaNode): XdmSchemaNode {
  const tenant: XdmSchemaNode = {
    type: 'object',
    'meta:xdmType': 'object',
    properties: {
      visits: { type: 'integer', 'meta:xdmType': 'int', minimum: 0, maximum: 2147483647 },
      segment: { type: 'string', 'meta:xdmType': 'string', enum: ['gold', 'silver', 'bronze'] },
      lastSeen: { type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' },
    },
  };
  return { ...schema, properties: { ...schema.properties, _locala8ae9d: tenant } };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const customerRow = (i: number): string[] => [
  `C${String(i).padStart(9, '0')}`,
  'Zoë',
  "O'Brien",
  `customer${i}@example.com`,
  '+14155550000',
  '1990-02-28',
  String(i * 7),
  '12.5',
  i % 2 === 0 ? 'yes' : 'no',
  '2024-01-02T03:04:05Z',
  'München',
  '1 Main St, Apt 2',
  '75001',
  'us',
  'said "hi"',
];

/** The mapping `xdm-loader suggest` writes for the customer file against this schema. */
async function suggestedMapping(schema: LoadedSchema): Promise<{ mapping: MappingFile; dir: string; file: string }> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  const file = path.join(t.dir, 'customers.csv');
  const rows = Array.from({ length: 40 }, (_, i) => customerRow(i));
  rows[7] = customerRow(7).map((c, k) => (k === 5 ? '31/02/1990' : c));
  await writeFile(file, `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`);
  const inspection = await inspectFile(file, { maxRows: 100 });
  return { mapping: mappingFromSuggestions(suggestMappings(inspection.columns, schema.tree), schema.tree.schemaId || undefined), dir: t.dir, file };
}

const cleanCustomer: readonly (readonly string[])[] = [
  ['C000000001', 'C2'],
  ['Ann', 'Zoë', ''],
  ['Doe', "O'Brien"],
  ['a@b.co', ' Ann@Example.COM'],
  ['+14155550000', ''],
  ['1990-01-01', '2000-02-29', ''],
  ['12', '0'],
  ['1.5', '300'],
  ['yes', 'no'],
  ['2024-01-02T03:04:05Z', ''],
  ['Paris', 'München'],
  ['1 Main St, Apt 2'],
  ['75001'],
  ['US', 'fr', ''],
  ['gold', 'Silver', ''],
];

/** Both paths over random rows: the fast path builds a record only for rows the general path accepts cleanly, and the same bytes. */
function holdsAgainstGeneral(
  fast: FastRecordBuilder,
  general: ReturnType<typeof generalPath>,
  clean: readonly (readonly string[])[],
  runs: number,
): { fast: number; declined: number } {
  const seen = { fast: 0, declined: 0 };
  fc.assert(
    fc.property(rowArb(clean), (cells) => {
      const expected = general(cells);
      const line = fast.buildJson(cells);
      if (line === undefined) {
        seen.declined++;
        return;
      }
      seen.fast++;
      expect(expected.issues).toEqual([]);
      expect(line).toBe(JSON.stringify(expected.record));
    }),
    { numRuns: runs },
  );
  return seen;
}

describe('the fast path on Registry schemas', () => {
  it('plans a Registry schema (root `version`, `imsOrg`, `meta:*`) that it used to decline', async () => {
    const customers = fixture('customers-schema.json');
    expect(Object.keys(customers.schema)).toEqual(expect.arrayContaining(['version', 'imsOrg', 'meta:altId']));
    const { mapping } = await suggestedMapping(customers);
    const planned = compileFastPlan({ mapping, schema: customers.schema, columns: customerColumns, descriptors: customers.descriptors });
    expect(planned.ok).toBe(true);
    // The plan is plain data: it survives a JSON round trip unchanged.
    if (planned.ok) expect(JSON.parse(JSON.stringify(planned.plan))).toEqual(planned.plan);
  });

  it('builds what the general path builds on the customers schema, tenant fields and expressions included', async () => {
    const customers = fixture('customers-schema.json');
    const schema = withTenantFields(customers.schema);
    const suggested = await suggestedMapping(customers);
    const columns = [...customerColumns, 'segment'];
    const mapping: MappingFile = {
      ...suggested.mapping,
      rules: [
        ...suggested.mapping.rules.filter((r) => r.destination !== 'homeAddress.country' && r.destination !== 'personalEmail.address'),
        { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'personalEmail.address' },
        { source: { kind: 'expression', expression: 'upper(trim(country))' }, destination: 'homeAddress.country' },
        { source: { kind: 'expression', expression: 'concat(first_name, " ", last_name)' }, destination: 'person.name.fullName' },
        { source: { kind: 'expression', expression: 'to_integer(loyalty_points)' }, destination: '_locala8ae9d.visits' },
        { source: { kind: 'expression', expression: 'lower(segment)' }, destination: '_locala8ae9d.segment' },
        { source: { kind: 'expression', expression: 'date(last_purchase_at)' }, destination: '_locala8ae9d.lastSeen' },
        { source: { kind: 'expression', expression: 'to_float(lifetime_value)' }, destination: 'loyalty.lifetimePurchases' },
      ],
    };
    const compiled = compileFastPath({
      mapping,
      schema,
      columns,
      descriptors: customers.descriptors,
      checksEmptyIdentity: true,
      convert: { dataPrepBooleans: true },
    });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const seen = holdsAgainstGeneral(compiled.builder, generalPath(schema, mapping, columns, customers.descriptors), cleanCustomer, 1500);
    expect(seen.fast).toBeGreaterThan(50);
    expect(seen.declined).toBeGreaterThan(50);
  });

  it('builds what the general path builds on the ExperienceEvent schema (required _id and timestamp)', () => {
    const events = fixture('events-schema.json');
    const columns = ['event_id', 'at', 'total', 'currency', 'crm', 'mail'];
    const mapping: MappingFile = {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'event_id' }, destination: '_id' },
        { source: { kind: 'column', column: 'at' }, destination: 'timestamp' },
        { source: { kind: 'static', value: 'commerce.purchases' }, destination: 'eventType' },
        { source: { kind: 'expression', expression: 'to_float(total)' }, destination: 'commerce.order.priceTotal' },
        { source: { kind: 'expression', expression: 'upper(currency)' }, destination: 'commerce.order.currencyCode' },
      ],
      identities: [
        { column: 'crm', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' },
        { column: 'mail', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
      ],
    };
    const compiled = compileFastPath({
      mapping,
      schema: events.schema,
      columns,
      descriptors: events.descriptors,
      checksEmptyIdentity: true,
      convert: { dataPrepBooleans: true },
    });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const clean = [['e-1', 'e-2'], ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123+02:00'], ['12.5', '0', ''], ['usd', 'EUR', ''], ['c-1'], ['a@b.co', '']];
    const seen = holdsAgainstGeneral(compiled.builder, generalPath(events.schema, mapping, columns, events.descriptors), clean, 1500);
    expect(seen.fast).toBeGreaterThan(50);
    expect(seen.declined).toBeGreaterThan(50);
  });

  it('builds what the general path builds with array mappings (productListItems[0].SKU, an array inside an element)', () => {
    const events = fixture('events-schema.json');
    const columns = ['event_id', 'at', 'sku1', 'qty1', 'price1', 'sku2', 'qty2', 'category', 'crm'];
    const mapping: MappingFile = {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'event_id' }, destination: '_id' },
        { source: { kind: 'column', column: 'at' }, destination: 'timestamp' },
        // Element 1 written before element 0: the record's order is by index all the same.
        { source: { kind: 'column', column: 'sku2' }, destination: 'productListItems[1].SKU' },
        { source: { kind: 'column', column: 'sku1' }, destination: 'productListItems[0].SKU' },
        { source: { kind: 'column', column: 'qty1' }, destination: 'productListItems[0].quantity' },
        { source: { kind: 'expression', expression: 'to_float(price1)' }, destination: 'productListItems[0].priceTotal' },
        { source: { kind: 'column', column: 'qty2' }, destination: 'productListItems[1].quantity' },
        { source: { kind: 'expression', expression: 'upper(trim(category))' }, destination: 'productListItems[0].productCategories[0].categoryID' },
      ],
      identities: [{ column: 'crm', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' }],
    };
    const compiled = compileFastPath({
      mapping,
      schema: events.schema,
      columns,
      descriptors: events.descriptors,
      checksEmptyIdentity: true,
      convert: { dataPrepBooleans: true },
    });
    if (!compiled.ok) throw new Error(compiled.detail);
    // Empty cells leave an element out (the general path drops the hole) or an element without its required SKU.
    const clean = [
      ['e-1', 'e-2'],
      ['2024-01-02T03:04:05Z'],
      ['SKU-1', 'sku 2', ''],
      ['1', '12', ''],
      ['9.99', '0', ''],
      ['SKU-2', ''],
      ['3', ''],
      ['shoes', ' Bags ', ''],
      ['c-1'],
    ];
    const seen = holdsAgainstGeneral(compiled.builder, generalPath(events.schema, mapping, columns, events.descriptors), clean, 1500);
    expect(seen.fast).toBeGreaterThan(100);
    expect(seen.declined).toBeGreaterThan(50);
    // A row with every cell: the JSON template; with element 0 all empty: element 1 moves up to index 0.
    const full = ['e-1', '2024-01-02T03:04:05Z', 'A', '1', '2.5', 'B', '2', 'x', 'c-1'];
    expect(compiled.builder.prepareLine(full).kind).toBe('template');
    expect(JSON.parse(compiled.builder.buildJson(full) as string)).toMatchObject({
      productListItems: [
        { SKU: 'A', quantity: 1, priceTotal: 2.5, productCategories: [{ categoryID: 'X' }] },
        { SKU: 'B', quantity: 2 },
      ],
    });
    const firstEmpty = ['e-1', '2024-01-02T03:04:05Z', '', '', '', 'B', '2', '', 'c-1'];
    expect(compiled.builder.prepareLine(firstEmpty).kind).toBe('text');
    expect(JSON.parse(compiled.builder.buildJson(firstEmpty) as string)).toMatchObject({ productListItems: [{ SKU: 'B', quantity: 2 }] });
    // An element without its required SKU: the general path reports it.
    expect(compiled.builder.prepareLine(['e-1', '2024-01-02T03:04:05Z', '', '1', '', '', '', '', 'c-1'])).toEqual({
      kind: 'declined',
      reason: 'required-missing',
    });
  });

  it('builds what the general path builds with arrays with a hole (index 1 never written), and map entries, on the customers schema', async () => {
    const customers = fixture('customers-schema.json');
    const base = withTenantFields(customers.schema);
    const tenant = base.properties?._locala8ae9d as XdmSchemaNode;
    const schema: XdmSchemaNode = {
      ...base,
      properties: {
        ...base.properties,
        _locala8ae9d: {
          ...tenant,
          properties: {
            ...tenant.properties,
            channels: { type: 'object', 'meta:xdmType': 'map', additionalProperties: { type: 'string', 'meta:xdmType': 'string', maxLength: 8 } },
            milestones: { type: 'object', 'meta:xdmType': 'map', additionalProperties: { type: 'string', format: 'date', 'meta:xdmType': 'date' } },
          },
        },
      },
    };
    const suggested = await suggestedMapping(customers);
    const columns = [...customerColumns, 'segment'];
    const mapping: MappingFile = {
      ...suggested.mapping,
      rules: [
        ...suggested.mapping.rules,
        { source: { kind: 'column', column: 'customer_id' }, destination: 'loyalty.cardsDetails[0].number' },
        { source: { kind: 'expression', expression: 'lower(segment)' }, destination: 'loyalty.cardsDetails[2].status' },
        { source: { kind: 'column', column: 'loyalty_points' }, destination: 'loyalty.pointsExpiration[1].pointsExpiring' },
        { source: { kind: 'column', column: 'last_purchase_at' }, destination: 'loyalty.pointsExpiration[1].pointsExpirationDate' },
        { source: { kind: 'expression', expression: 'lower(segment)' }, destination: '_locala8ae9d.channels.preferred' },
        // A Date below a map is shaped as the map's field (a date-time text), then converted to a date.
        { source: { kind: 'expression', expression: 'date(last_purchase_at)' }, destination: '_locala8ae9d.milestones.lastPurchase' },
        { source: { kind: 'column', column: 'birth_date' }, destination: '_locala8ae9d.milestones.birth' },
      ],
    };
    const compiled = compileFastPath({
      mapping,
      schema,
      columns,
      descriptors: customers.descriptors,
      checksEmptyIdentity: true,
      convert: { dataPrepBooleans: true },
    });
    if (!compiled.ok) throw new Error(compiled.detail);
    const seen = holdsAgainstGeneral(compiled.builder, generalPath(schema, mapping, columns, customers.descriptors), cleanCustomer, 1500);
    expect(seen.fast).toBeGreaterThan(50);
    expect(seen.declined).toBeGreaterThan(50);
  });

  it('says why a file cannot take it, and why a row did not', () => {
    const events = fixture('events-schema.json');
    const columns = ['event_id', 'at', 'sku'];
    const nested: MappingFile = {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'event_id' }, destination: '_id' },
        { source: { kind: 'column', column: 'sku' }, destination: 'productListItems[0].SKU' },
        { source: { kind: 'column', column: 'sku' }, destination: 'productListItems[0]' },
      ],
      identities: [],
    };
    const declined = compileFastPath({ mapping: nested, schema: events.schema, columns });
    expect(declined).toMatchObject({ ok: false, reason: 'destination-shape' });
    const plain: MappingFile = {
      ...nested,
      rules: [
        { source: { kind: 'column', column: 'event_id' }, destination: '_id' },
        { source: { kind: 'column', column: 'at' }, destination: 'timestamp' },
      ],
    };
    const compiled = compileFastPath({ mapping: plain, schema: events.schema, columns });
    if (!compiled.ok) throw new Error(compiled.detail);
    expect(compiled.builder.prepareLine(['e-1', '', 'x'])).toEqual({ kind: 'declined', reason: 'required-missing' });
    expect(compiled.builder.prepareLine(['e-1', 'yesterday', 'x'])).toEqual({ kind: 'declined', reason: 'invalid-value' });
    expect(compiled.builder.prepareLine(['e-1', '2024-01-02T03:04:05Z', 'x']).kind).toBe('template');
  });

  it('counts in summary.json which path the rows took, and why', async () => {
    const customers = fixture('customers-schema.json');
    const { mapping, dir, file } = await suggestedMapping(customers);
    const summary = await runPrepare({ inputPath: file, schema: customers.schema, descriptors: customers.descriptors, mapping, outDir: path.join(dir, 'out') });
    expect(summary.rowsRead).toBe(40);
    // Row 7's birth date is not a date: declined, then rejected by the general path.
    expect(summary.fastPath).toEqual({ rows: 39, declinedRows: 1, reasons: { 'invalid-value': 1 } });
    const parquet = await runPrepare({
      inputPath: file,
      schema: customers.schema,
      descriptors: customers.descriptors,
      mapping,
      outDir: path.join(dir, 'out-parquet'),
      format: 'parquet',
    });
    expect(parquet.fastPath).toEqual(summary.fastPath);
    // An object as a destination is outside the fast path: every row says so.
    const toObject: MappingFile = {
      ...mapping,
      rules: [
        ...mapping.rules.filter((r) => !r.destination.startsWith('person.name.')),
        { source: { kind: 'expression', expression: 'to_object("firstName", first_name)' }, destination: 'person.name' },
      ],
    };
    const objects = await runPrepare({
      inputPath: file,
      schema: customers.schema,
      descriptors: customers.descriptors,
      mapping: toObject,
      outDir: path.join(dir, 'out-object'),
    });
    expect(objects.fastPath).toEqual({ rows: 0, declinedRows: 40, reasons: { 'destination-shape': 40 } });
    // An array destination takes it row by row: only row 7 (its bad birth date) is declined.
    const toArray: MappingFile = {
      ...mapping,
      rules: [...mapping.rules, { source: { kind: 'column', column: 'customer_id' }, destination: 'loyalty.cardsDetails[0].number' }],
    };
    const arrays = await runPrepare({
      inputPath: file,
      schema: customers.schema,
      descriptors: customers.descriptors,
      mapping: toArray,
      outDir: path.join(dir, 'out-array'),
    });
    expect(arrays.fastPath).toEqual({ rows: 39, declinedRows: 1, reasons: { 'invalid-value': 1 } });
  });
});
