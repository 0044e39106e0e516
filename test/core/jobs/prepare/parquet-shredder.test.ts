import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { afterEach, describe, expect, it } from 'vitest';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { ParquetPartWriter, ROW_GROUP_ROWS } from '../../../../src-main/core/jobs/prepare/parquet-part-writer';
import { parquetSchemaFor } from '../../../../src-main/core/jobs/prepare/parquet-schema';
import { tempDir } from './fixtures';

/**
 * The parts' writer shreds each record as it arrives (parquet-shredder.ts) and hands the leaf
 * columns to hyparquet-writer's writeColumn: its parts must hold what hyparquet-writer's own
 * parquetWrite (its Dremel shredding of whole top-level columns) writes of the same records,
 * on a schema with every shape a record takes.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const str: XdmSchemaNode = { type: 'string', 'meta:xdmType': 'string' };
const int: XdmSchemaNode = { type: 'integer', 'meta:xdmType': 'int' };
const date: XdmSchemaNode = { type: 'string', format: 'date', 'meta:xdmType': 'date' };
const dateTime: XdmSchemaNode = { type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' };
const long: XdmSchemaNode = { type: 'integer', 'meta:xdmType': 'long' };
const object = (properties: Record<string, XdmSchemaNode>): XdmSchemaNode => ({ type: 'object', 'meta:xdmType': 'object', properties });
const array = (items: XdmSchemaNode): XdmSchemaNode => ({ type: 'array', 'meta:xdmType': 'array', items });
const map = (value: XdmSchemaNode): XdmSchemaNode => ({ type: 'object', 'meta:xdmType': 'map', additionalProperties: value });

/** Nested objects, arrays of objects (with arrays inside) and of scalars, maps, identityMap, dates, longs, a tenant field group, a key of Object.prototype's. */
const schema: XdmSchemaNode = object({
  personID: str,
  person: object({ name: object({ firstName: str, lastName: str }), birthDate: date }),
  identityMap: map(array(object({ id: str, authenticatedState: str, primary: { type: 'boolean', 'meta:xdmType': 'boolean' } }))),
  productListItems: array(
    object({ SKU: str, quantity: int, priceTotal: { type: 'number', 'meta:xdmType': 'number' }, categories: array(object({ categoryID: str })) }),
  ),
  segments: array(str),
  _tenant: object({
    visits: int,
    score: long,
    lastSeen: dateTime,
    milestones: map(date),
    scores: map(array(long)),
    constructor: str,
  }),
});

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> =>
  fc.oneof({ arbitrary: arb, weight: 4 }, fc.constant(null), fc.constant(undefined));
// Few distinct values in some columns (dictionaries), many in others (plain pages, strings as bytes after the sample).
const few = fc.constantFrom('gold', 'silver', 'Zoë', '');
const many = fc.string({ unit: 'grapheme', maxLength: 12 });
const dateText = fc.integer({ min: -20_000, max: 40_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const dateTimeText = fc.integer({ min: -1e12, max: 4e12 }).map((ms) => new Date(ms).toISOString());
const record = fc.record(
  {
    personID: maybe(many),
    person: maybe(
      fc.record(
        { name: maybe(fc.record({ firstName: maybe(few), lastName: maybe(many) }, { requiredKeys: [] })), birthDate: maybe(dateText) },
        { requiredKeys: [] },
      ),
    ),
    identityMap: maybe(
      fc.dictionary(
        fc.constantFrom('CRMID', 'Email', 'ECID', 'toString'),
        maybe(
          fc.array(maybe(fc.record({ id: maybe(many), authenticatedState: maybe(few), primary: maybe(fc.boolean()) }, { requiredKeys: [] })), { maxLength: 3 }),
        ),
        { maxKeys: 3 },
      ),
    ),
    productListItems: maybe(
      fc.array(
        maybe(
          fc.record(
            {
              SKU: maybe(many),
              quantity: maybe(fc.integer({ min: -5, max: 2_000 })),
              priceTotal: maybe(fc.double({ noNaN: true, noDefaultInfinity: true })),
              categories: maybe(fc.array(maybe(fc.record({ categoryID: maybe(few) }, { requiredKeys: [] })), { maxLength: 3 })),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 4 },
      ),
    ),
    segments: maybe(fc.array(maybe(few), { maxLength: 4 })),
    _tenant: maybe(
      fc.record(
        {
          visits: maybe(fc.integer()),
          score: maybe(fc.maxSafeInteger()),
          lastSeen: maybe(dateTimeText),
          milestones: maybe(fc.dictionary(fc.constantFrom('birth', 'first', 'constructor'), maybe(dateText), { maxKeys: 3 })),
          scores: maybe(fc.dictionary(many, maybe(fc.array(maybe(fc.integer()), { maxLength: 3 })), { maxKeys: 2 })),
          constructor: maybe(few),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Record<string, unknown>>;

/**
 * A value as hyparquet-writer's ParquetWriter wants it, written here independently of the app's
 * shapers: dates as days, date-times as milliseconds, longs as bigints, null as absent, objects
 * read by their own keys only (into objects without a prototype, which the writer reads plainly).
 */
function shaped(node: XdmSchemaNode, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (xdmTypeOf(node)) {
    case 'date':
      return Date.parse(`${value as string}T00:00:00Z`) / 86_400_000;
    case 'date-time':
      return Date.parse(value as string);
    case 'long':
      return BigInt(value as number);
    case 'object': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, child] of Object.entries(node.properties ?? {}))
        out[key] = Object.hasOwn(value, key) ? shaped(child, (value as Record<string, unknown>)[key]) : undefined;
      return out;
    }
    case 'array':
      return (value as unknown[]).map((v) => shaped(node.items as XdmSchemaNode, v));
    case 'map':
      return Object.entries(value).map(([key, v]) => ({ key, value: shaped(node.additionalProperties as XdmSchemaNode, v) }));
    default:
      return value;
  }
}

/** The records written by hyparquet-writer's own parquetWrite, in row groups of the parts' size. */
function libraryFile(records: readonly Record<string, unknown>[]): ArrayBuffer {
  const { elements, columns } = parquetSchemaFor(schema, Object.keys(schema.properties ?? {}));
  const writer = new ByteWriter();
  void parquetWrite({
    writer,
    schema: elements,
    statistics: false,
    createdBy: 'xdm-loader',
    rowGroupSize: ROW_GROUP_ROWS,
    columnData: columns.map((name) => ({
      name,
      data: records.map((r) => (Object.hasOwn(r, name) ? (shaped(schema.properties?.[name] as XdmSchemaNode, r[name]) ?? null) : null)),
    })),
  });
  return writer.getBuffer();
}

async function partsFile(records: readonly Record<string, unknown>[]): Promise<ArrayBuffer> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  const parts = new ParquetPartWriter(t.dir, Number.MAX_SAFE_INTEGER, schema);
  for (const r of records) await parts.write(r);
  const [part] = await parts.close(true);
  const bytes = await readFile(path.join(t.dir, part?.file ?? ''));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

describe('Parquet parts shredded at write time', () => {
  it('hold, byte for byte, what hyparquet-writer writes of the same random records (every shape, nulls at every level, empty arrays and maps)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 60 }), async (records) => {
        const ours = new Uint8Array(await partsFile(records));
        const theirs = new Uint8Array(libraryFile(records));
        expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('hold, byte for byte, what hyparquet-writer writes over several row groups with chunks of several pages (offset indexes) and its footer', async () => {
    // Long ids in every row make personID's chunks span pages of 1 MiB, and long last names in
    // the second group make that group's lastName chunk do so too: offset indexes in each group,
    // between chunks without (the last, short group has none), as the footer's fields patched
    // at the end must be placed.
    const long = (i: number, tag: string): string => `${tag}-${i}-`.padEnd(420, String.fromCharCode(97 + (i % 26)));
    const records = fc.sample(record, { numRuns: ROW_GROUP_ROWS * 2 + 700, seed: 17 }).map((r, i) => {
      const person = ROW_GROUP_ROWS <= i && i < ROW_GROUP_ROWS * 2 ? { name: { firstName: 'Zoë', lastName: long(i, 'last') } } : r.person;
      return { ...r, personID: long(i, 'id'), person };
    });
    const ours = Buffer.from(await partsFile(records));
    const theirs = Buffer.from(libraryFile(records));
    const metadata = parquetMetadata(theirs.buffer.slice(theirs.byteOffset, theirs.byteOffset + theirs.byteLength));
    expect(metadata.row_groups).toHaveLength(3);
    const paged = metadata.row_groups.map((g) => g.columns.filter((c) => c.offset_index_offset !== undefined).length);
    expect(paged).toEqual([1, 2, 0]);
    expect(ours.length).toBe(theirs.length);
    expect(ours.equals(theirs)).toBe(true);
  }, 120_000);

  it('read back as hyparquet-writer’s file of the same records over several row groups, strings of columns that hardly repeat written as bytes', async () => {
    const records = fc.sample(record, { numRuns: ROW_GROUP_ROWS * 2 + 700, seed: 14 });
    const ours = await partsFile(records);
    const theirs = libraryFile(records);
    const read = async (file: ArrayBuffer): Promise<unknown[]> => parquetReadObjects({ file });
    const [ourRows, theirRows] = [await read(ours), await read(theirs)];
    expect(ourRows).toHaveLength(records.length);
    expect(ourRows).toEqual(theirRows);
  }, 120_000);
});
