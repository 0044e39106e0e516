import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileWriter } from 'hyparquet-writer';
import { afterEach, describe, expect, it } from 'vitest';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { ParquetFileWriter } from '../../../../src-main/core/jobs/prepare/parquet-file-writer';
import { parquetSchemaFor } from '../../../../src-main/core/jobs/prepare/parquet-schema';
import { compileRecordShredder } from '../../../../src-main/core/jobs/prepare/parquet-shredder';
import { tempDir } from './fixtures';

/**
 * A part holds its footer until it closes: about a thousand row groups per part of 256 MiB.
 * As hyparquet-writer's objects (ColumnChunk, page locations) a row group of 30 leaves took
 * 19-20 KiB of heap, which grew a prepare thread by tens of MiB at 4 GB; as bytes, 2-6 KiB.
 * The bytes themselves are held to the library's by parquet-shredder.test.ts.
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and array buffers in use after full collections. */
function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const str: XdmSchemaNode = { type: 'string', 'meta:xdmType': 'string' };
/** 30 string leaves in 6 objects, as many as the benchmark's Registry schema has. */
const properties = Object.fromEntries(
  Array.from({ length: 6 }, (_, o): [string, XdmSchemaNode] => [
    `group${o}`,
    { type: 'object', 'meta:xdmType': 'object', properties: Object.fromEntries(Array.from({ length: 5 }, (_, l) => [`leaf${l}`, str])) },
  ]),
);
const schema: XdmSchemaNode = { type: 'object', 'meta:xdmType': 'object', properties };
const record = Object.fromEntries(Object.keys(properties).map((k) => [k, { leaf0: 'a', leaf1: 'b', leaf2: 'c', leaf3: 'd', leaf4: 'e' }]));

describe('ParquetFileWriter’s footer', () => {
  it('takes a few KiB per row group until the part closes, not the library’s objects (19-20 KiB for 30 leaves)', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    const { elements, columns } = parquetSchemaFor(schema, Object.keys(properties));
    const shredder = compileRecordShredder(schema, columns, elements[0] as (typeof elements)[number]);
    expect(shredder.leaves).toHaveLength(30);
    const file = new ParquetFileWriter(fileWriter(path.join(t.dir, 'part.parquet')), elements, 'xdm-loader');
    // Two rows per group: the data pages are flushed to disk, the footer is what stays.
    const writeGroups = (n: number): void => {
      for (let i = 0; i < n; i++) {
        shredder.shred(record);
        shredder.shred(record);
        file.writeRowGroup(shredder.leaves, 2);
      }
    };
    writeGroups(200);
    const before = retained();
    writeGroups(1_000);
    const perGroup = (retained() - before) / 1_000;
    await file.finish();
    expect(perGroup).toBeLessThan(8 * 1024);
  }, 60_000);
});
