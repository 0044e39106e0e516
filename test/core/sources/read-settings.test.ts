import { describe, expect, it } from 'vitest';
import { inspectFile, openRowReader, type SourceRow } from '../../../src-main/core/sources/index';
import { collect, tempFolder } from './temp-files';

const files = tempFolder('read-settings');

const cellsOf = (rows: SourceRow[]): string[][] => rows.map((row) => (row.kind === 'cells' ? row.cells : []));

/** Twenty ISO dates with bad values on the given data rows. */
function datesWithTypos(bad: Record<number, string>): string {
  const lines = ['id,signup'];
  for (let row = 1; row <= 20; row++) lines.push(`${row},${bad[row] ?? `2024-01-${String(row).padStart(2, '0')}`}`);
  return `${lines.join('\n')}\n`;
}

describe('read settings chosen by the steward', () => {
  it('shows a date column with a few bad values as a date and names their rows', async () => {
    const file = files.write('typos.csv', datesWithTypos({ 4: 'unknown', 9: '2024-02-30' }));
    const { columns } = await inspectFile(file);
    expect(columns[1]).toEqual({ name: 'signup', type: 'date', emptyRatio: 0, invalid: { count: 2, rows: [4, 9] } });
  });

  it('keeps a column of mostly text as text', async () => {
    const bad = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [i + 1, `n/a ${i}`]));
    const { columns } = await inspectFile(files.write('text.csv', datesWithTypos(bad)));
    expect(columns[1]).toEqual({ name: 'signup', type: 'string', emptyRatio: 0 });
  });

  it('reads with the chosen delimiter, quote and header row', async () => {
    const file = files.write('quotes.csv', "'a;b';c\n'x;y';z\n");
    const detected = await inspectFile(file);
    expect(detected.columns.map((c) => c.name)).toEqual(["'a", "b'", 'c']);
    const chosen = await inspectFile(file, { read: { delimiter: ';', quote: "'", hasHeader: false } });
    expect(chosen).toMatchObject({ delimiter: ';', quote: "'", hasHeader: false });
    expect(chosen.columns.map((c) => c.name)).toEqual(['column_1', 'column_2']);
    expect(chosen.rows).toEqual([
      ['a;b', 'c'],
      ['x;y', 'z'],
    ]);
    expect(cellsOf(await collect(openRowReader(file, chosen)))).toEqual(chosen.rows);
  });

  it('reads a column with a date format, flags the cells that do not fit, and hands on ISO dates', async () => {
    const file = files.write('european.csv', 'id,born\n1,31/12/1990\n2,01/02/2003\n3,31/02/2003\n4,\n');
    const inspection = await inspectFile(file, { read: { columns: { born: { dateFormat: 'dd/MM/yyyy' } } } });
    expect(inspection.columns[1]).toMatchObject({ name: 'born', type: 'date', dateFormat: 'dd/MM/yyyy', chosen: true, invalid: { count: 1, rows: [3] } });
    expect(inspection.rows[0]).toEqual(['1', '31/12/1990']);
    expect(cellsOf(await collect(openRowReader(file, inspection)))).toEqual([
      ['1', '1990-12-31'],
      ['2', '2003-02-01'],
      ['3', '31/02/2003'],
      ['4', ''],
    ]);
  });

  it('checks a chosen type against the cells', async () => {
    const file = files.write('zip.csv', 'zip\n01234\n98765\nabc\n');
    const { columns } = await inspectFile(file, { read: { columns: { zip: { type: 'integer' } } } });
    expect(columns[0]).toMatchObject({ type: 'integer', chosen: true, invalid: { count: 2, rows: [1, 3] } });
  });

  it('reads a chosen encoding', async () => {
    const file = files.write('latin.csv', Buffer.from('name\ncaf\u00e9\n', 'utf8'));
    const inspection = await inspectFile(file, { read: { encoding: 'latin1' } });
    expect(inspection.encoding).toBe('latin1');
    expect(inspection.rows[0]).toEqual(['caf\u00c3\u00a9']);
  });
});
