import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { readRejectsPage } from '../../../../src-main/core/jobs/prepare/index';
import { runPrepare } from '../../../../src-main/core/jobs/prepare/run-prepare';
import { customerColumns, customerMapping, customerSchema, tempDir } from './fixtures';

/**
 * The rows written with warnings are listed in warnings.csv beside rejects.csv, the same way: row
 * number, line, each warning (field, kind, message), the row's cells made safe for spreadsheets,
 * and paged or searched by row like the rejects.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

function row(i: number, id: string, notes = 'note'): string[] {
  return [
    id,
    'Ann',
    'Doe',
    `a${i}@example.com`,
    '+14155550000',
    '1990-01-01',
    String(i),
    '1.5',
    'yes',
    '2024-01-02T03:04:05Z',
    'Paris',
    '1 Main St',
    '75001',
    'US',
    notes,
  ];
}

/** 30 rows: every third has no customer_id (its only identity), row 6's notes look like a formula, row 10 is rejected. */
async function prepare(extra: { maxRejectsListed?: number } = {}) {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  const rows = Array.from({ length: 30 }, (_, k) => {
    const n = k + 1;
    const r = row(n, n % 3 === 0 ? '' : `C${n}`, n === 6 ? '=HYPERLINK("x")' : 'note');
    if (n === 10) r[5] = '31/02/1990';
    return r;
  });
  const input = path.join(dir, 'in.csv');
  await writeFile(input, `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`);
  const outDir = path.join(dir, 'out');
  const summary = await runPrepare(
    { inputPath: input, schema: customerSchema.schema, mapping: customerMapping, outDir, ...extra },
    { columns: customerColumns },
  );
  return { summary, file: path.join(outDir, 'warnings.csv') };
}

describe('warnings.csv', () => {
  it('lists each row written with warnings: its number, line, warnings and cells, formulas neutralised', async () => {
    const { summary, file } = await prepare();
    expect(summary).toMatchObject({ rowsWritten: 29, rowsRejected: 1, rowsWithWarnings: 10, warningsFile: 'warnings.csv' });
    const listed = Papa.parse<Record<string, string>>(await readFile(file, 'utf8'), { header: true, skipEmptyLines: true });
    expect(listed.meta.fields?.slice(0, 5)).toEqual(['_row', '_line', '_warnings', '_escaped', 'customer_id']);
    expect(listed.data.map((r) => r._row)).toEqual(['3', '6', '9', '12', '15', '18', '21', '24', '27', '30']);
    const sixth = listed.data[1] as Record<string, string>;
    expect(sixth._line).toBe('7');
    expect(sixth._warnings).toMatch(/identity-missing/);
    // The phone (column 9 of the file, `+…`) and the notes (column 19) start with `'` in the file; the page gives them back as written.
    expect(sixth.notes).toBe('\'=HYPERLINK("x")');
    expect(sixth._escaped).toBe('[9,19]');
    // The rejected row is not listed as a row with warnings.
    expect(listed.data.some((r) => r._row === '10')).toBe(false);
  });

  it('is paged and searched by row like the rejects', async () => {
    const { file } = await prepare();
    const page = await readRejectsPage(file, { offset: 2, limit: 3 });
    expect(page.columns.slice(0, 3)).toEqual(['_row', '_line', '_warnings']);
    expect(page.rows.map((r) => r[0])).toEqual(['9', '12', '15']);
    const six = await readRejectsPage(file, { offset: 0, limit: 2, row: 6 });
    expect(six).toMatchObject({ offset: 1, rowFound: true });
    expect(six.rows[0]?.at(-1)).toBe('=HYPERLINK("x")');
    expect(await readRejectsPage(file, { offset: 0, limit: 2, row: 7 })).toMatchObject({ offset: 2, rowFound: false });
  });

  it('stops listing at the cap, the count staying exact', async () => {
    const { summary, file } = await prepare({ maxRejectsListed: 4 });
    expect(summary.rowsWithWarnings).toBe(10);
    const listed = Papa.parse<string[]>(await readFile(file, 'utf8'), { skipEmptyLines: true }).data;
    expect(listed.map((r) => r[0])).toEqual(['_row', '3', '6', '9', '12']);
  });
});
