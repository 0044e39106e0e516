import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { runPrepare } from '../../../../src-main/core/jobs/prepare/run-prepare';
import { schemaForDestinations } from '../../../../src-main/core/jobs/prepare/parquet-schema';
import { loadSchemaJson } from '../../../../src-main/core/xdm/index';
import { customerColumns, customerMapping, customerSchema, tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('Parquet parts', () => {
  it('writes nested groups, dates, maps of lists, and reads back the same records', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const rows = Array.from({ length: 25 }, (_, i) => {
      const base: Record<string, string> = {
        customer_id: `c${i}`,
        first_name: `F${i}`,
        last_name: 'L',
        email: `u${i}@example.com`,
        phone: '+1',
        birth_date: i === 3 ? 'bad' : '1990-01-31',
        loyalty_points: String(i * 10),
        city: 'Paris',
        street: i % 2 === 0 ? '1 Rue' : '',
        postal_code: '75001',
        country: 'France',
      };
      return customerColumns.map((c) => base[c] ?? '');
    });
    const input = path.join(t.dir, 'in.csv');
    await writeFile(input, `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`);
    const out = path.join(t.dir, 'out');
    const summary = await runPrepare({ inputPath: input, schema: customerSchema.schema, mapping: customerMapping, outDir: out, format: 'parquet' });
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 25, rowsWritten: 24, rowsRejected: 1, format: 'parquet' });
    expect(summary.parts).toEqual([{ file: 'part-00001.parquet', rows: 24, bytes: expect.any(Number) }]);
    const bytes = await readFile(path.join(out, 'part-00001.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const records = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    expect(records).toHaveLength(24);
    const first = records[0] as Record<string, unknown>;
    expect(first.personID).toBe('c0');
    expect(first.person).toMatchObject({ name: { firstName: 'F0', lastName: 'L' } });
    // DATE columns read back as Date objects at UTC midnight.
    expect((first.person as { birthDate: Date }).birthDate.toISOString()).toBe('1990-01-31T00:00:00.000Z');
    expect(first.loyalty).toMatchObject({ points: 0 });
    expect(first.homeAddress).toMatchObject({ city: 'Paris', street1: '1 Rue' });
    expect((records[1] as { homeAddress: { street1?: unknown } }).homeAddress.street1 ?? null).toBeNull();
    expect(first.identityMap).toEqual({ CRMID: [{ id: 'c0', authenticatedState: 'ambiguous', primary: true }] });
    // A column per field the mapping writes, none for the schema's hundreds of others (each costs its pages in every row group).
    const leaves = (parquetMetadata(file).row_groups[0]?.columns ?? []).map((c) => (c.meta_data?.path_in_schema ?? []).join('.'));
    expect(leaves.filter((l) => !l.startsWith('identityMap.')).sort()).toEqual(customerMapping.rules.map((r) => r.destination).sort());
  });

  it('keeps, of a Registry schema, only the fields the destinations reach: through arrays and maps, whole below an object destination', async () => {
    const events = loadSchemaJson(
      JSON.parse(await readFile(path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'registry', 'events-schema.json'), 'utf8')) as unknown,
    ).schema;
    const kept = schemaForDestinations(
      events,
      ['_id', 'productListItems[0].SKU', 'productListItems[1].productCategories[0].categoryID', 'commerce.order', 'identityMap.Email[0].id'],
      false,
    );
    expect(Object.keys(kept.properties ?? {})).toEqual(expect.arrayContaining(['_id', 'productListItems', 'commerce', 'identityMap']));
    expect(Object.keys(kept.properties ?? {})).toHaveLength(4);
    const item = kept.properties?.productListItems?.items;
    expect(Object.keys(item?.properties ?? {}).sort()).toEqual(['SKU', 'productCategories']);
    expect(Object.keys(item?.properties?.productCategories?.items?.properties ?? {})).toEqual(['categoryID']);
    expect(kept.properties?.commerce?.properties?.order).toBe(events.properties?.commerce?.properties?.order);
    expect(Object.keys(kept.properties?.identityMap?.additionalProperties as object)).toContain('items');
    expect(Object.keys(schemaForDestinations(events, ['nothing.here'], true).properties ?? {})).toEqual(['identityMap']);
  });
});
