import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import { runPrepare } from '../../../../src-main/core/jobs/prepare/run-prepare';
import { customerColumns, customerMapping, customerSchema, readParts, readRejects, tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function workspace(): Promise<string> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function csv(rows: string[][]): string {
  return `${Papa.unparse([customerColumns, ...rows], { newline: '\n' })}\n`;
}

function customer(id: string, overrides: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    customer_id: id,
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: ' Ada@Example.com ',
    phone: '+44 20 7946 0000',
    birth_date: '1815-12-10',
    loyalty_points: '120',
    lifetime_value: '1234.50',
    opted_in: 'yes',
    last_purchase_at: '2024-03-01T10:00:00Z',
    city: 'London',
    street: '12 St James Sq',
    postal_code: 'SW1Y 4JH',
    country: 'United Kingdom',
    notes: '',
    ...overrides,
  };
  return customerColumns.map((c) => base[c] ?? '');
}

async function prepare(dir: string, content: string | Buffer, mapping: MappingFile = customerMapping, extra: Partial<Parameters<typeof runPrepare>[0]> = {}) {
  const input = path.join(dir, 'in.csv');
  await writeFile(input, content);
  return runPrepare({ inputPath: input, schema: customerSchema.schema, mapping, outDir: path.join(dir, 'out'), ...extra });
}

describe('runPrepare', () => {
  it('writes accepted rows as XDM and rejected rows with every reason; the counts add up', async () => {
    const dir = await workspace();
    const summary = await prepare(
      dir,
      csv([customer('c1'), customer('c2', { birth_date: '10/12/1815', loyalty_points: '1,200' }), customer('c3', { email: '' })]),
    );
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 3, rowsWritten: 2, rowsRejected: 1, invariantHolds: true });
    const records = await readParts(path.join(dir, 'out'));
    expect(records[0]).toEqual({
      personID: 'c1',
      person: { name: { firstName: 'Ada', lastName: 'Lovelace' }, birthDate: '1815-12-10' },
      personalEmail: { address: 'ada@example.com' },
      mobilePhone: { number: '+44 20 7946 0000' },
      loyalty: { points: 120 },
      homeAddress: { city: 'London', street1: '12 St James Sq', postalCode: 'SW1Y 4JH', country: 'United Kingdom' },
      identityMap: { CRMID: [{ id: 'c1', primary: true, authenticatedState: 'ambiguous' }] },
    });
    expect(records[1]).not.toHaveProperty('personalEmail');
    const rejects = await readRejects(path.join(dir, 'out'));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?._row).toBe('2');
    expect(rejects[0]?.customer_id).toBe('c2');
    expect(rejects[0]?._reasons).toContain('person.birthDate: invalid-date');
    expect(rejects[0]?._reasons).toContain('loyalty.points: not-a-number');
    expect(summary.issuesByField['person.birthDate']).toEqual({ 'invalid-date': 1 });
    expect(summary.issuesByKind).toEqual({ 'invalid-date': 1, 'not-a-number': 1 });
    const onDisk = JSON.parse(await readFile(path.join(dir, 'out', 'summary.json'), 'utf8')) as { rowsRead: number };
    expect(onDisk.rowsRead).toBe(3);
  });

  it('splits parts at the target size', async () => {
    const dir = await workspace();
    const rows = Array.from({ length: 50 }, (_, i) => customer(`c${i}`));
    const summary = await prepare(dir, csv(rows), customerMapping, { targetPartBytes: 2000 });
    expect(summary.parts.length).toBeGreaterThan(3);
    expect(summary.parts.reduce((s, p) => s + p.rows, 0)).toBe(50);
    for (const p of summary.parts.slice(0, -1)) expect(p.bytes).toBeLessThanOrEqual(2000);
    expect((await readParts(path.join(dir, 'out'))).length).toBe(50);
  });

  it('fails at once on a file that cannot be read, and on a broken mapping', async () => {
    const dir = await workspace();
    await expect(
      runPrepare({ inputPath: path.join(dir, 'missing.csv'), schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(dir, 'out') }),
    ).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
    const bad: MappingFile = {
      ...customerMapping,
      rules: [{ source: { kind: 'expression', expression: 'lowr(email)' }, destination: 'personalEmail.address' }],
    };
    await expect(prepare(dir, csv([customer('c1')]), bad)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("Unknown function 'lowr'"),
    });
    await expect(readdir(path.join(dir, 'out'))).rejects.toThrow();
  });

  it('stops on cancellation with partial outputs marked', async () => {
    const dir = await workspace();
    const controller = new AbortController();
    const rows = Array.from({ length: 5000 }, (_, i) => customer(`c${i}`));
    let seen = 0;
    const input = path.join(dir, 'in.csv');
    await writeFile(input, csv(rows));
    const summary = await runPrepare(
      { inputPath: input, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(dir, 'out') },
      {
        signal: controller.signal,
        onProgress: (p) => {
          seen++;
          if (p.rowsRead > 0) controller.abort();
        },
      },
    );
    expect(seen).toBeGreaterThan(0);
    expect(summary.status).toBe('cancelled');
    expect(summary.rowsRead).toBeLessThan(5000);
    expect(summary.invariantHolds).toBe(true);
    const files = await readdir(path.join(dir, 'out'));
    expect(files).toContain('part-00001.json.partial');
    expect(files).not.toContain('part-00001.json');
  });
});

describe('hostile CSVs', () => {
  it('handles a BOM, CRLF and mixed line endings, quotes inside quotes and empty lines', async () => {
    const dir = await workspace();
    const header = customerColumns.join(',');
    const r1 = customer('c1', { notes: 'said "hi", left' });
    const line1 = Papa.unparse([r1]);
    const line2 = customer('c2').join(',');
    const text = `\uFEFF${header}\r\n${line1}\r\n\r\n${line2}\n\n`;
    const summary = await prepare(dir, text);
    expect(summary).toMatchObject({ rowsRead: 2, rowsWritten: 2, rowsRejected: 0 });
    const records = await readParts(path.join(dir, 'out'));
    expect(records.map((r) => r.personID)).toEqual(['c1', 'c2']);
  });

  it('rejects ragged rows with their reason and keeps going', async () => {
    const dir = await workspace();
    const short = customer('c2').slice(0, 5);
    const long = [...customer('c3'), 'extra'];
    const text = `${customerColumns.join(',')}\n${customer('c1').join(',')}\n${short.join(',')}\n${long.join(',')}\n${customer('c4').join(',')}\n`;
    const summary = await prepare(dir, text);
    expect(summary).toMatchObject({ rowsRead: 4, rowsWritten: 2, rowsRejected: 2 });
    expect(summary.issuesByKind).toEqual({ 'malformed-row': 2 });
    const rejects = await readRejects(path.join(dir, 'out'));
    expect(rejects.map((r) => r._row)).toEqual(['2', '3']);
    expect(rejects[0]?._reasons).toContain('row has 5 cells but the header has 15 columns');
  });

  it('sends malformed rows (broken quotes) to rejects with their reason and line, and reads on', async () => {
    const dir = await workspace();
    const header = customerColumns.join(',');
    const good = (id: string): string => customer(id).join(',');
    // Past the 1 MiB head, where inspection (which refuses broken quotes) never looked.
    const padding = Array.from({ length: 8000 }, (_, i) => good(`p${i}`)).join('\n');
    const text = `${header}\n${padding}\n${good('c1')}\n${good('c2').replace('Ada', '"Ada"x')}"quoted note"\n${good('c3')}\n${good('c4').replace('London', '"London')}\n${good('c5')}\n`;
    const summary = await prepare(dir, text);
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 8005, rowsWritten: 8003, rowsRejected: 2, invariantHolds: true });
    expect(summary.issuesByKind).toEqual({ 'malformed-row': 2 });
    expect((await readParts(path.join(dir, 'out'))).slice(8000).map((r) => r.personID)).toEqual(['c1', 'c3', 'c5']);
    const rejects = await readRejects(path.join(dir, 'out'));
    expect(rejects.map((r) => [r._row, r._line])).toEqual([
      ['8002', '8003'],
      ['8004', '8005'],
    ]);
    expect(rejects[0]?._reasons).toContain('malformed quotes');
    expect(rejects[1]?._reasons).toContain('unclosed quote');
    // The row's source text, for the user to fix, under the first column.
    expect(rejects[1]?.[customerColumns[0] as string]).toBe(good('c4').replace('London', '"London'));
  });

  it('sends bad JSON Lines records to rejects and reads on', async () => {
    const dir = await workspace();
    const record = (id: string): string => JSON.stringify(Object.fromEntries(customerColumns.map((c, i) => [c, customer(id)[i]])));
    const input = path.join(dir, 'in.jsonl');
    await writeFile(input, `${record('c1')}\n{"customer_id": "c2",\n${record('c3')}\n`);
    const source = { format: 'jsonl', encoding: 'utf-8', delimiter: null, hasHeader: true } as const;
    const summary = await runPrepare(
      { inputPath: input, source, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(dir, 'out') },
      { columns: customerColumns },
    );
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 3, rowsWritten: 2, rowsRejected: 1, invariantHolds: true });
    const rejects = await readRejects(path.join(dir, 'out'));
    expect(rejects.map((r) => [r._row, r._line])).toEqual([['2', '2']]);
    expect(rejects[0]?._reasons).toContain('invalid JSON');
  });

  it('keeps very long fields', async () => {
    const dir = await workspace();
    const long = 'x'.repeat(2_000_000);
    const summary = await prepare(dir, csv([customer('c1', { city: long })]));
    expect(summary.rowsWritten).toBe(1);
    const [record] = await readParts(path.join(dir, 'out'));
    expect((record?.homeAddress as { city: string }).city.length).toBe(2_000_000);
  });

  it('reads Latin-1 text', async () => {
    const dir = await workspace();
    const content = iconv.encode(csv([customer('c1', { city: 'Zürich', first_name: 'Renée' })]), 'latin1');
    const summary = await prepare(dir, content);
    expect(summary.rowsWritten).toBe(1);
    const [record] = await readParts(path.join(dir, 'out'));
    expect(record?.homeAddress).toMatchObject({ city: 'Zürich' });
    expect(record?.person).toMatchObject({ name: { firstName: 'Renée' } });
  });

  it('rejects numbers with thousands separators unless the mapping cleans them', async () => {
    const dir = await workspace();
    const content = csv([customer('c1', { loyalty_points: '1,200' }), customer('c2', { loyalty_points: '1.200,5' })]);
    const plain = await prepare(dir, content);
    expect(plain).toMatchObject({ rowsWritten: 0, rowsRejected: 2 });
    const cleaned: MappingFile = {
      ...customerMapping,
      rules: customerMapping.rules.map((r) =>
        r.destination === 'loyalty.points' ? { ...r, source: { kind: 'expression', expression: 'to_integer(replacestr(loyalty_points, ",", ""))' } } : r,
      ),
    };
    const dir2 = await workspace();
    const fixed = await prepare(dir2, content, cleaned);
    expect(fixed).toMatchObject({ rowsWritten: 1, rowsRejected: 1 });
    expect((await readParts(path.join(dir2, 'out')))[0]?.loyalty).toEqual({ points: 1200 });
    expect((await readRejects(path.join(dir2, 'out')))[0]?._reasons).toContain('loyalty.points: mapping-error');
  });

  it('accepts ISO dates as they are and other date formats through date() with a pattern', async () => {
    const dir = await workspace();
    const content = csv([
      customer('c1', { birth_date: '1990-01-31' }),
      customer('c2', { birth_date: '31/01/1990' }),
      customer('c3', { birth_date: 'Jan 31, 1990' }),
      customer('c4', { birth_date: '1990-02-30' }),
    ]);
    const direct = await prepare(dir, content);
    expect(direct).toMatchObject({ rowsWritten: 1, rowsRejected: 3 });
    const withDate: MappingFile = {
      ...customerMapping,
      rules: customerMapping.rules.map((r) =>
        r.destination === 'person.birthDate'
          ? {
              ...r,
              source: {
                kind: 'expression',
                expression: 'coalesce(date(birth_date, "dd/MM/yyyy", ""), date(birth_date, "MMM dd, yyyy", ""), date(birth_date, "yyyy-MM-dd", ""))',
              },
            }
          : r,
      ),
    };
    const dir2 = await workspace();
    const summary = await prepare(dir2, content, withDate);
    // The impossible date matches no pattern: every default is "", so the field is left out.
    expect(summary).toMatchObject({ rowsWritten: 4, rowsRejected: 0 });
    const births = (await readParts(path.join(dir2, 'out'))).map((r) => (r.person as { birthDate?: string }).birthDate);
    expect(births).toEqual(['1990-01-31', '1990-01-31', '1990-01-31', undefined]);
  });
});

describe('prepare never loses a row (property)', () => {
  const mapping: MappingFile = {
    version: 1,
    rules: [
      { source: { kind: 'column', column: 'id' }, destination: 'personID' },
      { source: { kind: 'column', column: 'a' }, destination: 'person.name.firstName' },
      { source: { kind: 'column', column: 'b' }, destination: 'person.birthYear' },
    ],
    identities: [],
  };
  const cell = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '1999', '-5', '  7 '));

  it('rowsRead = rowsWritten + rowsRejected and every row is in exactly one output', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, fc.boolean()), { maxLength: 40 }), async (rows) => {
        const dir = await workspace();
        const lines = rows.map(([a, b, ragged], i) => Papa.unparse([ragged ? [`r${i}`, a] : [`r${i}`, a, b]], { newline: '\n', quotes: true }));
        const text = `id,a,b\n${lines.join('\n')}\n`;
        const input = path.join(dir, 'in.csv');
        await writeFile(input, text);
        const out = path.join(dir, 'out');
        const summary = await runPrepare(
          {
            inputPath: input,
            source: { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true },
            schema: customerSchema.schema,
            mapping,
            outDir: out,
          },
          { columns: ['id', 'a', 'b'] },
        );
        expect(summary.status).toBe('completed');
        expect(summary.invariantHolds).toBe(true);
        expect(summary.rowsRead).toBe(rows.length);
        const written = (await readParts(out)).map((r) => String(r.personID));
        const rejected = (await readRejects(out)).map((r) => r.id as string);
        expect(written.length).toBe(summary.rowsWritten);
        expect(rejected.length).toBe(summary.rowsRejected);
        expect([...written, ...rejected].sort()).toEqual(rows.map((_, i) => `r${i}`).sort());
      }),
      { numRuns: 25 },
    );
  });
});
