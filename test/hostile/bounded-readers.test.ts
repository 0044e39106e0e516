import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { loadMappingFile } from '../../src-main/core/mapping/index';
import { MAX_JSON_DEPTH, MAX_ROW_CHARS } from '../../src-main/core/sources/limits';
import { loadSchemaFile } from '../../src-main/core/xdm/index';
import { customerMapping, customerSchema, readParts, readRejects, tempDir } from '../core/jobs/prepare/fixtures';
import { goodRecord, writeLarge } from './large-files';

/**
 * Readers stay bounded on hostile JSON: a record larger than the CSV reader's row limit, and
 * nesting deeper than any XDM schema, are refused with a message naming the file and the line,
 * never "internal error" from a stack overflow, and the records around them are still read.
 */

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await work.cleanup();
});

const good = goodRecord;
const mapping = {
  ...customerMapping,
  rules: customerMapping.rules.filter((r) => r.source.kind === 'column' && ['customer_id', 'first_name'].includes(r.source.column)),
};

describe('bounded JSON readers', () => {
  it('a JSON Lines record longer than the row limit is rejected with its line; the records after it are read', async () => {
    const file = path.join(work.dir, 'huge.jsonl');
    await writeLarge(file, `${good('c1')}\n{"customer_id":"c2","first_name":"`, 'x', MAX_ROW_CHARS + 1024, `"}\n${good('c3')}\n`);
    const before = process.memoryUsage().rss;
    const summary = await runPrepare({ inputPath: file, schema: customerSchema.schema, mapping, outDir: path.join(work.dir, 'huge') });
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 3, rowsWritten: 2, rowsRejected: 1 });
    const [reject] = await readRejects(path.join(work.dir, 'huge'));
    expect(reject?._line).toBe('2');
    expect(reject?._reasons).toMatch(/record is longer than 16 MiB/);
    expect((await readParts(path.join(work.dir, 'huge'))).map((r) => r.personID)).toEqual(['c1', 'c3']);
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  }, 120_000);

  it('a JSON array element longer than the row limit is rejected the same way', async () => {
    const file = path.join(work.dir, 'huge.json');
    await writeLarge(file, `[${good('c1')},\n{"customer_id":"c2","first_name":"`, 'y', MAX_ROW_CHARS + 1024, `"},\n${good('c3')}]\n`);
    const summary = await runPrepare({ inputPath: file, schema: customerSchema.schema, mapping, outDir: path.join(work.dir, 'huge-array') });
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 3, rowsWritten: 2, rowsRejected: 1 });
    expect((await readRejects(path.join(work.dir, 'huge-array')))[0]?._reasons).toMatch(/record is longer than 16 MiB/);
  }, 120_000);

  it('a record nested deeper than the limit is refused with its line: in the head by inspection, further on as a reject', async () => {
    const deep = `{"customer_id":"c2","first_name":"Bo","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const inHead = path.join(work.dir, 'deep-head.jsonl');
    await writeFile(inHead, `${good('c1')}\n${deep}\n`);
    await expect(runPrepare({ inputPath: inHead, schema: customerSchema.schema, mapping, outDir: path.join(work.dir, 'deep-head') })).rejects.toMatchObject({
      code: 'FILE_UNSUPPORTED',
      message: `${inHead}: the record on line 2 is nested deeper than ${MAX_JSON_DEPTH} levels (objects and arrays)`,
    });
    // Past the inspected head (1 MiB), the deep record is one reject among good rows.
    const padding = Array.from({ length: 30_000 }, (_, i) => good(`p${i}`));
    for (const [name, text] of [
      ['deep.jsonl', `${padding.join('\n')}\n${deep}\n${good('c3')}\n`],
      ['deep.json', `[${padding.join(',\n')},\n${deep},\n${good('c3')}]`],
    ] as const) {
      const file = path.join(work.dir, name);
      await writeFile(file, text);
      const out = path.join(work.dir, `${name}-out`);
      const summary = await runPrepare({ inputPath: file, schema: customerSchema.schema, mapping, outDir: out });
      expect(summary).toMatchObject({ status: 'completed', rowsRead: 30_002, rowsWritten: 30_001, rowsRejected: 1 });
      const [reject] = await readRejects(out);
      expect(reject?._line).toBe('30001');
      expect(reject?._reasons).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
  }, 120_000);

  it('a schema or a mapping file nested too deep is refused with a message naming the file', async () => {
    const schemaFile = path.join(work.dir, 'deep-schema.json');
    await writeFile(schemaFile, `{"type":"object","properties":${'{"a":{"type":"object","properties":'.repeat(50_000)}{}${'}}'.repeat(50_000)}}`);
    await expect(loadSchemaFile(schemaFile)).rejects.toMatchObject({
      code: 'FILE_UNSUPPORTED',
      message: expect.stringContaining(`nested deeper than ${MAX_JSON_DEPTH} levels`),
      where: { file: schemaFile },
    });
    const mappingFile = path.join(work.dir, 'deep-mapping.json');
    await writeFile(mappingFile, `{"version":1,"rules":[],"identities":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    await expect(loadMappingFile(mappingFile)).rejects.toMatchObject({
      code: 'FILE_UNSUPPORTED',
      message: expect.stringContaining('nested deeper'),
      where: { file: mappingFile },
    });
  });
});
