import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { compileFastPath } from '../../../../src-main/core/jobs/prepare/fast-record-builder';
import { ParquetPartWriter } from '../../../../src-main/core/jobs/prepare/parquet-part-writer';
import { schemaForDestinations } from '../../../../src-main/core/jobs/prepare/parquet-schema';
import { compileLeafShaper } from '../../../../src-main/core/jobs/prepare/parquet-values';
import { LeafColumn, STRING_SAMPLE } from '../../../../src-main/core/jobs/prepare/parquet-shredder';
import { loadSchemaJson } from '../../../../src-main/core/xdm/index';
import { generalPath } from './differential';
import { customerColumns, tempDir } from './fixtures';

/**
 * The fast path's records reach Parquet parts with their leaves shaped as they are set
 * (FastRecordOptions.shapeLeaf, given to ParquetPartWriter.write), strings of columns that
 * do not repeat as bytes: the parts must read back as the parts of the general path's records.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const customers = loadSchemaJson(
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'fixtures', 'registry', 'customers-schema.json'), 'utf8')) as unknown,
);

/** The Registry customers schema with a tenant field group (ints, longs, dates, date-times, a map) as the Registry nests one. */
const schema: XdmSchemaNode = {
  ...customers.schema,
  properties: {
    ...customers.schema.properties,
    _locala8ae9d: {
      type: 'object',
      'meta:xdmType': 'object',
      properties: {
        visits: { type: 'integer', 'meta:xdmType': 'int', minimum: 0, maximum: 2147483647 },
        score: { type: 'integer', 'meta:xdmType': 'long' },
        segment: { type: 'string', 'meta:xdmType': 'string', enum: ['gold', 'silver', 'bronze'] },
        lastSeen: { type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' },
        milestones: { type: 'object', 'meta:xdmType': 'map', additionalProperties: { type: 'string', format: 'date', 'meta:xdmType': 'date' } },
      },
    },
  },
};

const columns = [...customerColumns, 'segment'];
const mapping: MappingFile = {
  version: 1,
  rules: [
    { source: { kind: 'column', column: 'customer_id' }, destination: 'personID' },
    { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
    { source: { kind: 'column', column: 'last_name' }, destination: 'person.name.lastName' },
    { source: { kind: 'expression', expression: 'lower(trim(email))' }, destination: 'personalEmail.address' },
    { source: { kind: 'column', column: 'phone' }, destination: 'mobilePhone.number' },
    { source: { kind: 'column', column: 'birth_date' }, destination: 'person.birthDate' },
    { source: { kind: 'column', column: 'city' }, destination: 'homeAddress.city' },
    { source: { kind: 'column', column: 'postal_code' }, destination: 'homeAddress.postalCode' },
    // An array whose index 1 no rule writes: the elements that exist follow each other.
    { source: { kind: 'column', column: 'customer_id' }, destination: 'loyalty.cardsDetails[0].number' },
    { source: { kind: 'expression', expression: 'lower(segment)' }, destination: 'loyalty.cardsDetails[2].status' },
    { source: { kind: 'column', column: 'loyalty_points' }, destination: '_locala8ae9d.visits' },
    { source: { kind: 'column', column: 'loyalty_points' }, destination: '_locala8ae9d.score' },
    { source: { kind: 'expression', expression: 'lower(segment)' }, destination: '_locala8ae9d.segment' },
    { source: { kind: 'column', column: 'last_purchase_at' }, destination: '_locala8ae9d.lastSeen' },
    { source: { kind: 'column', column: 'birth_date' }, destination: '_locala8ae9d.milestones.birth' },
  ],
  identities: [
    { column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' },
    { column: 'email', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
  ],
};

/** Row i: unique ids and e-mails (their columns go as bytes), repeating names and cities (kept as strings), some empty cells. */
function row(i: number): string[] {
  const byColumn: Record<string, string> = {
    customer_id: `C${String(i).padStart(9, '0')}`,
    first_name: ['Zoë', 'Ann', 'Łukasz'][i % 3] as string,
    last_name: ["O'Brien", 'Müller'][i % 2] as string,
    email: i % 5 === 0 ? '' : ` Customer${i}@Example.COM`,
    phone: i % 4 === 0 ? '' : `+1415555${String(i % 10_000).padStart(4, '0')}`,
    birth_date: i % 7 === 0 ? '' : `19${50 + (i % 50)}-0${(i % 9) + 1}-1${i % 9}`,
    loyalty_points: i % 6 === 0 ? '' : String(i * 37),
    lifetime_value: '1.5',
    opted_in: 'yes',
    last_purchase_at: i % 3 === 0 ? '' : `2024-0${(i % 9) + 1}-02T03:04:05Z`,
    city: ['Paris', 'München', 'São Paulo'][i % 3] as string,
    street: '1 Main St',
    postal_code: String(10_000 + i),
    country: 'US',
    notes: '',
    segment: ['gold', 'Silver', ''][i % 3] as string,
  };
  return columns.map((c) => byColumn[c] ?? '');
}

async function readBack(dir: string, file: string): Promise<{ rows: Record<string, unknown>[] }> {
  const bytes = await readFile(path.join(dir, file));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { rows: (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[] };
}

describe('Parquet parts from leaf-shaped fast-path records', () => {
  it('read back as the parts of the general path records, on a Registry schema with tenant fields, arrays, maps, nulls, dates and longs', async () => {
    const options = { mapping, schema, columns, descriptors: customers.descriptors, checksEmptyIdentity: true, convert: { dataPrepBooleans: true } };
    const fast = compileFastPath({ ...options, shapeLeaf: compileLeafShaper });
    if (!fast.ok) throw new Error(fast.detail);
    const general = generalPath(schema, mapping, columns, customers.descriptors);
    const parquetSchema = schemaForDestinations(
      schema,
      mapping.rules.map((r) => r.destination),
      true,
    );
    const shapedDir = await tempDir();
    const recordDir = await tempDir();
    cleanups.push(shapedDir.cleanup, recordDir.cleanup);
    const shapedParts = new ParquetPartWriter(shapedDir.dir, Number.MAX_SAFE_INTEGER, parquetSchema);
    const recordParts = new ParquetPartWriter(recordDir.dir, Number.MAX_SAFE_INTEGER, parquetSchema);
    let fastRows = 0;
    // Past the string shapers' sample: the id columns switch to bytes within the row group.
    for (let i = 0; i < 2_600; i++) {
      const cells = row(i);
      const expected = general(cells);
      if (expected.issues.some((issue) => issue.severity === 'error')) continue;
      await recordParts.write(expected.record);
      const built = fast.builder.record(cells);
      if (built.kind === 'record') {
        fastRows++;
        await shapedParts.write(built.record);
      } else await shapedParts.write(expected.record);
    }
    expect(fastRows).toBeGreaterThan(1_500);
    const [shapedPart] = await shapedParts.close(true);
    const [recordPart] = await recordParts.close(true);
    const shaped = await readBack(shapedDir.dir, shapedPart?.file ?? '');
    const records = await readBack(recordDir.dir, recordPart?.file ?? '');
    expect(shaped.rows).toEqual(records.rows);
    const first = shaped.rows[1] as { personID: string; identityMap: Record<string, unknown>; _locala8ae9d: Record<string, unknown>; loyalty: unknown };
    expect(first.personID).toBe('C000000001');
    expect(first._locala8ae9d).toMatchObject({ visits: 37, score: 37n, segment: 'silver', lastSeen: new Date('2024-02-02T03:04:05Z') });
    expect(first.loyalty).toEqual({
      cardsDetails: [
        { number: 'C000000001', status: null },
        { number: null, status: 'silver' },
      ],
    });
    expect(first.identityMap).toEqual({
      CRMID: [{ id: 'C000000001', primary: true, authenticatedState: 'ambiguous' }],
      Email: [{ id: 'Customer1@Example.COM', primary: false, authenticatedState: 'ambiguous' }],
    });
  }, 120_000);
});

describe('string columns of a row group', () => {
  const column = (): LeafColumn => new LeafColumn([{ name: 'root' }, { name: 's', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }]);

  it('give their strings as UTF-8 bytes once most of the first values differ, and keep repeating values as strings', () => {
    const ids = column();
    const names = column();
    for (let i = 0; i < STRING_SAMPLE + 2; i++) {
      ids.pushString(`Zoë ${i}`, 0, 1);
      names.pushString(['Zoë', 'Ann'][i % 2] as string, 0, 1);
    }
    ids.push(undefined, 0, 0);
    const idValues = ids.take().values;
    expect(idValues.slice(0, STRING_SAMPLE)).toEqual(Array.from({ length: STRING_SAMPLE }, (_, i) => `Zoë ${i}`));
    const bytes = idValues[STRING_SAMPLE];
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes as Uint8Array).toString('utf8')).toBe(`Zoë ${STRING_SAMPLE}`);
    expect(Buffer.from(idValues[STRING_SAMPLE + 1] as Uint8Array).toString('utf8')).toBe(`Zoë ${STRING_SAMPLE + 1}`);
    expect(idValues[STRING_SAMPLE + 2]).toBeUndefined();
    // The next group reuses the byte store from its start.
    ids.pushString('Müller', 0, 1);
    expect(Buffer.from(ids.take().values[0] as Uint8Array).toString('utf8')).toBe('Müller');
    expect(names.take().values.every((v) => typeof v === 'string')).toBe(true);
  });

  it('give every row group the same values array, cut to the group, so no group leaves an array to be promoted', () => {
    const points = new LeafColumn([{ name: 'root' }, { name: 'n', type: 'INT32', repetition_type: 'OPTIONAL' }]);
    for (let i = 0; i < 5; i++) points.push(i, 0, 1);
    const first = points.take().values;
    expect([...first]).toEqual([0, 1, 2, 3, 4]);
    points.push(7, 0, 1);
    points.push(undefined, 0, 0);
    const second = points.take().values;
    expect(second).toBe(first);
    expect([...second]).toEqual([7, undefined]);
  });

  it('leave an already shaped value as it is, so shaping a leaf-shaped record again changes nothing', () => {
    const shape = compileLeafShaper({ type: 'string', format: 'date' });
    expect(shape?.(shape('1970-01-03'))).toBe(2);
    expect(compileLeafShaper({ type: 'string' })).toBeNull();
    expect(compileLeafShaper({ type: 'integer', 'meta:xdmType': 'long' })?.(5n)).toBe(5n);
    expect(compileLeafShaper({ type: 'number' })).toBeNull();
  });
});
