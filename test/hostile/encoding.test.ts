import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { HEAD_BYTES, inspectFile } from '../../src-main/core/sources/index';
import { runInProcess } from '../cli/cli-harness';
import { customerColumns, customerMapping, customerSchema, readParts, tempDir } from '../core/jobs/prepare/fixtures';

/**
 * The encoding is decided from the head, then verified as the file is read: bytes that do not
 * decode never reach the output as U+FFFD; the job stops at them with their byte offset and the
 * encoding to choose (issue 17: Latin-1 names after the first MiB were uploaded as "Jos\uFFFD").
 */

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await work.cleanup();
});

function row(id: string, first: string, last: string, notes = ''): string[] {
  return customerColumns.map((c) =>
    c === 'customer_id' ? id : c === 'first_name' ? first : c === 'last_name' ? last : c === 'birth_date' ? '1990-01-01' : c === 'notes' ? notes : '',
  );
}
const csv = (rows: string[][]): string => `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`;
/**
 * About 1.7 MB of plain ASCII rows: more than the head inspection reads (HEAD_BYTES, 1 MiB).
 * Each row carries 400 characters in `notes`, a column the mapping leaves out: the bytes that
 * put the Latin-1 names past the head, in a tenth of the rows to read, map and validate.
 */
const asciiRows = Array.from({ length: 4_000 }, (_, i) => row(`a${i}`, 'Ada', 'Lovelace', 'n'.repeat(400)));

describe('encoding verified as the file is read', () => {
  it('Latin-1 names after the head stop the job at their byte offset, naming the encoding; chosen, they are read right', async () => {
    const head = Buffer.from(csv(asciiRows), 'latin1');
    expect(head.length).toBeGreaterThan(HEAD_BYTES);
    const tail = iconv.encode(`${Papa.unparse([row('z1', 'José', 'Müller')], { newline: '\n' })}\n`, 'win1252');
    const file = path.join(work.dir, 'latin1-late.csv');
    await writeFile(file, Buffer.concat([head, tail]));
    expect((await inspectFile(file)).encoding).toBe('utf-8');

    const failed = await runPrepare({ inputPath: file, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(work.dir, 'late') });
    const badAt = head.length + tail.indexOf(0xe9);
    expect(failed.status).toBe('failed');
    expect(failed.reason).toContain(`the byte at offset ${badAt} (0xE9) is not UTF-8`);
    expect(failed.reason).toContain('--encoding latin1');
    for (const name of (await readFile(path.join(work.dir, 'late', 'summary.json'), 'utf8')).split('\n')) expect(name).not.toContain('\uFFFD');

    const chosen = await runPrepare({
      inputPath: file,
      schema: customerSchema.schema,
      mapping: customerMapping,
      outDir: path.join(work.dir, 'late-latin1'),
      encoding: 'latin1',
    });
    expect(chosen).toMatchObject({ status: 'completed', rowsWritten: asciiRows.length + 1 });
    const last = (await readParts(path.join(work.dir, 'late-latin1'))).at(-1) as { person: { name: { firstName: string; lastName: string } } };
    expect(last.person.name).toEqual({ firstName: 'José', lastName: 'Müller' });
  }, 120_000);

  it('one stray byte in a UTF-8 head does not make the file Windows-1252: the job stops at that byte', async () => {
    const before = Buffer.from(csv([row('c1', 'Zoë', 'Brontë'), row('c2', 'Chloé', 'Renée')]), 'utf8');
    const stray = Buffer.from([0xe9]);
    const after = Buffer.from(`${Papa.unparse([row('c3', 'Ana', 'Núñez')], { newline: '\n' })}\n`, 'utf8');
    const file = path.join(work.dir, 'stray.csv');
    // The stray byte sits inside c3's first name: "An\xE9a".
    const third = after.indexOf('Ana') + 2;
    await writeFile(file, Buffer.concat([before, after.subarray(0, third), stray, after.subarray(third)]));
    const inspection = await inspectFile(file);
    expect(inspection.encoding).toBe('utf-8');
    expect(inspection.rows[0]).toContain('Zoë');

    const summary = await runPrepare({ inputPath: file, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(work.dir, 'stray') });
    expect(summary.status).toBe('failed');
    expect(summary.reason).toContain(`the byte at offset ${before.length + third} (0xE9) is not UTF-8`);
  }, 60_000);

  it('the CLI stops with exit 1 and says which encoding to choose; --encoding latin1 reads the file', async () => {
    const file = path.join(work.dir, 'cli-latin1.csv');
    const head = Buffer.from(csv(asciiRows.slice(0, 3_400)), 'latin1');
    expect(head.length).toBeGreaterThan(HEAD_BYTES);
    await writeFile(file, Buffer.concat([head, iconv.encode(`${Papa.unparse([row('z1', 'Françoise', 'Dvořák')], { newline: '\n' })}\n`, 'win1252')]));
    const schema = path.join(work.dir, 'schema.json');
    const mapping = path.join(work.dir, 'map.json');
    await writeFile(schema, JSON.stringify(customerSchema.schema));
    await writeFile(mapping, JSON.stringify(customerMapping));
    const failed = await runInProcess(['prepare', file, '--schema', schema, '--mapping', mapping, '--out', path.join(work.dir, 'cli-a'), '--threads', '1']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^xdm-loader: prepare failed: .*is not UTF-8.*--encoding latin1.*\n$/);
    const read = await runInProcess([
      'prepare',
      file,
      '--schema',
      schema,
      '--mapping',
      mapping,
      '--out',
      path.join(work.dir, 'cli-b'),
      '--encoding',
      'latin1',
      '--json',
    ]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ status: 'completed', rowsWritten: 3_401 });
  }, 120_000);
});
