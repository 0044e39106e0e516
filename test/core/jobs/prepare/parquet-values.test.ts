import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterEach, describe, expect, it } from 'vitest';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { ParquetPartWriter, ROW_GROUP_ROWS } from '../../../../src-main/core/jobs/prepare/parquet-part-writer';
import { compileLeafShaper } from '../../../../src-main/core/jobs/prepare/parquet-values';
import { tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const str: XdmSchemaNode = { type: 'string' };
const schema: XdmSchemaNode = {
  type: 'object',
  properties: {
    id: str,
    person: { type: 'object', properties: { name: { type: 'object', properties: { first: str, last: str } }, points: { type: 'integer' } } },
    born: { type: 'string', format: 'date' },
    seen: { type: 'string', format: 'date-time' },
    big: { type: 'integer', 'meta:xdmType': 'long' },
    visits: { type: 'array', items: { type: 'string', format: 'date' } },
    tags: { type: 'object', additionalProperties: str },
    odd: { type: 'object', properties: { constructor: str, plain: str } },
  },
};
const node = (key: string): XdmSchemaNode => schema.properties?.[key] as XdmSchemaNode;

describe('Parquet value shapers', () => {
  it('turn dates into days, date-times into milliseconds and longs into bigints, without a Date per value', () => {
    const leaf = (n: XdmSchemaNode) => compileLeafShaper(n) ?? ((v: unknown) => v);
    expect(leaf(node('born'))('1990-01-31')).toBe(Date.UTC(1990, 0, 31) / 86_400_000);
    expect(leaf(node('born'))('1969-12-31')).toBe(-1);
    expect(leaf(node('seen'))('2024-03-05T10:15:00Z')).toBe(Date.UTC(2024, 2, 5, 10, 15));
    expect(leaf(node('big'))(12)).toBe(12n);
    expect(leaf(node('visits').items as XdmSchemaNode)('1970-01-02')).toBe(1);
    expect(compileLeafShaper(node('id'))).toBeNull();
  });

  it('parts read back to the same records', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const writer = new ParquetPartWriter(t.dir, Number.MAX_SAFE_INTEGER, schema);
    const records: Record<string, unknown>[] = [
      {
        id: 'a',
        person: { name: { first: 'Zoë' }, points: 1 },
        born: '1990-01-31',
        seen: '2024-03-05T10:15:00.250Z',
        big: 9_007_199_254_740_991,
        visits: ['2020-02-29'],
        tags: { k: 'v' },
        odd: { constructor: 'c' },
      },
      { id: 'b', odd: { plain: 'p' } },
    ];
    for (const r of records) await writer.write(r);
    const parts = await writer.close(true);
    const bytes = await readFile(path.join(t.dir, parts[0]?.file ?? ''));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const read = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    // No min/max statistics: AEP reads whole files, and computing them cost a tenth of the writing.
    const statistics = (parquetMetadata(file).row_groups[0]?.columns ?? []).map((c) => c.meta_data?.statistics);
    expect(statistics).toHaveLength(12);
    expect(statistics.filter((st) => st !== undefined)).toEqual([]);
    expect(read[0]).toMatchObject({
      id: 'a',
      person: { name: { first: 'Zoë' }, points: 1 },
      born: new Date('1990-01-31T00:00:00Z'),
      seen: new Date('2024-03-05T10:15:00.250Z'),
      big: 9_007_199_254_740_991n,
      visits: [new Date('2020-02-29T00:00:00Z')],
      tags: { k: 'v' },
      odd: { constructor: 'c' },
    });
    expect(read[1]).toMatchObject({ id: 'b', odd: { plain: 'p' } });
    expect((read[1]?.odd as Record<string, unknown>).constructor ?? null).toBeNull();
  });

  it('flushes row groups of at most two and a half thousand records as they fill, so memory stays bounded by a small group', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const writer = new ParquetPartWriter(t.dir, Number.MAX_SAFE_INTEGER, schema);
    for (let i = 0; i < 6_000; i++) await writer.write({ id: `r${i}`, born: '2000-01-01' });
    const parts = await writer.close(true);
    const bytes = await readFile(path.join(t.dir, parts[0]?.file ?? ''));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(ROW_GROUP_ROWS).toBe(2_500);
    expect(parquetMetadata(file).row_groups.map((g) => g.num_rows)).toEqual([2500n, 2500n, 1000n]);
    const read = (await parquetReadObjects({ file, columns: ['id'] })) as Array<{ id: string }>;
    expect(read.map((r) => r.id)).toEqual(Array.from({ length: 6_000 }, (_, i) => `r${i}`));
  });
});
