import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FileInspection } from '../../../src-shared/domain/inspection';
import { HEAD_BYTES, inspectFile } from '../../../src-main/core/sources/index';
import { samplesDir, tempFolder } from './temp-files';

const files = tempFolder('sniff');
const csv = 'id,name,city\n1,José,Kraków\n2,Zoë,Zürich\n';

describe('format sniffing', () => {
  it.each([
    ['customers.csv', 'csv', ',', 300],
    ['customers.tsv', 'tsv', '\t', 20],
    ['customers.jsonl', 'jsonl', null, 20],
    ['customers.json', 'json', null, 20],
    ['customers.parquet', 'parquet', null, 300],
    ['events.csv', 'csv', ',', 200],
  ])('recognises %s as %s', async (name, format, delimiter, totalRows) => {
    const inspection = await inspectFile(path.join(samplesDir, name), { maxRows: 5 });
    expect(FileInspection.parse(inspection)).toEqual(inspection);
    expect(inspection.format).toBe(format);
    expect(inspection.delimiter).toBe(delimiter);
    expect(inspection.totalRows).toBe(totalRows);
    expect(inspection.rows).toHaveLength(5);
    expect(inspection.file).toEqual({ name, size: expect.any(Number) });
  });

  it('goes by content first: JSON Lines named .csv, CSV named .txt, Parquet named .dat', async () => {
    expect((await inspectFile(files.write('records.csv', '{"a":1}\n{"a":2}\n'))).format).toBe('jsonl');
    expect((await inspectFile(files.write('table.txt', csv))).format).toBe('csv');
    const parquet = await import('node:fs').then((fs) => fs.readFileSync(path.join(samplesDir, 'customers.parquet')));
    expect((await inspectFile(files.write('blob.dat', parquet))).format).toBe('parquet');
  });

  it('uses the extension only to break a tie: a CSV header starting with "["', async () => {
    const inspection = await inspectFile(files.write('brackets.csv', '[id],[name]\n1,a\n'));
    expect(inspection.format).toBe('csv');
    expect(inspection.columns.map((column) => column.name)).toEqual(['[id]', '[name]']);
  });

  it('takes an empty JSON array as a JSON file with no rows', async () => {
    const inspection = await inspectFile(files.write('empty.json', '[ ]\n'));
    expect(inspection).toMatchObject({ format: 'json', columns: [], rows: [], totalRows: 0 });
  });
});

describe('encoding detection', () => {
  const cases: [string, Uint8Array, string, boolean][] = [
    ['UTF-8 without BOM', Buffer.from(csv, 'utf8'), 'utf-8', false],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'utf-8', true],
    ['UTF-16LE with BOM', iconv.encode(csv, 'utf16le', { addBOM: true }), 'utf-16le', true],
    ['UTF-16BE with BOM', iconv.encode(csv, 'utf16be', { addBOM: true }), 'utf-16be', true],
    ['UTF-16LE without BOM', iconv.encode(csv, 'utf16le'), 'utf-16le', false],
    ['UTF-16BE without BOM', iconv.encode(csv, 'utf16be'), 'utf-16be', false],
    ['Latin-1', iconv.encode(csv.replace('Kraków', 'Malmö').replace('Zoë', 'Zoé'), 'latin1'), 'latin1', false],
  ];

  it.each(cases)('%s', async (_label, bytes, encoding, bom) => {
    const inspection = await inspectFile(files.write(`enc-${encoding}-${bom}.csv`, bytes));
    expect(inspection).toMatchObject({ format: 'csv', encoding, bom, delimiter: ',', hasHeader: true });
    expect(inspection.columns.map((column) => column.name)).toEqual(['id', 'name', 'city']);
    if (encoding === 'latin1')
      expect(inspection.rows).toEqual([
        ['1', 'José', 'Malmö'],
        ['2', 'Zoé', 'Zürich'],
      ]);
    else
      expect(inspection.rows).toEqual([
        ['1', 'José', 'Kraków'],
        ['2', 'Zoë', 'Zürich'],
      ]);
  });

  it('decodes Windows-1252 punctuation in a Latin-1 file (curly quotes, euro sign)', async () => {
    const bytes = Buffer.from([...Buffer.from('note\n'), 0x93, ...Buffer.from('hi'), 0x94, 0x20, 0x80, 0x0a]);
    const inspection = await inspectFile(files.write('cp1252.csv', bytes));
    expect(inspection.encoding).toBe('latin1');
    expect(inspection.rows).toEqual([['\u201chi\u201d \u20ac']]);
  });

  it('keeps UTF-8 when the 1 MiB head cuts a multibyte character in two', async () => {
    // Every row is 'é' repeated: some row boundary lands in the middle of a two-byte sequence.
    const row = `${'é'.repeat(99)}\n`;
    const bytes = Buffer.from(`nam\n${row.repeat(12_000)}`, 'utf8');
    expect(bytes[HEAD_BYTES]! & 0xc0).toBe(0x80); // the head ends inside a character
    const inspection = await inspectFile(files.write('cut.csv', bytes), { maxRows: 3 });
    expect(inspection.encoding).toBe('utf-8');
    expect(inspection.rows).toEqual([[row.trim()], [row.trim()], [row.trim()]]);
    expect(inspection.bytesRead).toBe(HEAD_BYTES);
  });
});

describe('delimiter, header and line endings', () => {
  it.each([
    [';', 'id;amount;label\n1;2,50;a, b\n2;3,75;c\n'],
    ['|', 'id|amount|label\n1|2.5|a, b; c\n2|3.75|d\n'],
    ['\t', 'id\tname\tnote\n1\tJosé\thello, world\n2\tZoë\ta;b\n'],
    [',', 'id,name,note\n1,José,"a; b | c"\n2,Zoë,"x;y"\n'],
  ])('detects %j by consistency', async (delimiter, text) => {
    const inspection = await inspectFile(files.write(`delim-${text.length}.txt`, text));
    expect(inspection.delimiter).toBe(delimiter);
    expect(inspection.format).toBe(delimiter === '\t' ? 'tsv' : 'csv');
    expect(inspection.columns).toHaveLength(3);
  });

  it('treats a first row holding numbers or dates as data, naming columns by position', async () => {
    const inspection = await inspectFile(files.write('noheader.csv', '1,José,2024-01-02\n2,Zoë,2024-02-03\n'));
    expect(inspection.hasHeader).toBe(false);
    expect(inspection.columns.map((column) => [column.name, column.type])).toEqual([
      ['column_1', 'integer'],
      ['column_2', 'string'],
      ['column_3', 'date'],
    ]);
    expect(inspection.rows).toHaveLength(2);
  });

  it.each([
    ['lf', 'a,b\n1,2\n3,4\n'],
    ['crlf', 'a,b\r\n1,2\r\n3,4\r\n'],
    ['cr', 'a,b\r1,2\r3,4\r'],
    ['mixed', 'a,b\r\n1,2\n3,4\r\n'],
  ])('reports %s line endings', async (lineEnding, text) => {
    const inspection = await inspectFile(files.write(`eol-${lineEnding}.csv`, text));
    expect(inspection.lineEnding).toBe(lineEnding);
    expect(inspection.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(inspection.warnings.some((warning) => warning.kind === 'mixed-line-endings')).toBe(lineEnding === 'mixed');
  });

  it('does not call CRLF rows with LF inside quoted cells mixed (Excel exports)', async () => {
    const inspection = await inspectFile(files.write('excel.csv', 'id,note\r\n1,"two\nlines"\r\n2,x\r\n'));
    expect(inspection.lineEnding).toBe('crlf');
    expect(inspection.rows).toEqual([
      ['1', 'two\nlines'],
      ['2', 'x'],
    ]);
  });

  it('renames empty and repeated header names, with warnings', async () => {
    const inspection = await inspectFile(files.write('names.csv', 'email,,email\na@x.io,1,b@x.io\n'));
    expect(inspection.columns.map((column) => column.name)).toEqual(['email', 'column_2', 'email_2']);
    expect(inspection.warnings.map((warning) => warning.kind).sort()).toEqual(['duplicate-column', 'empty-column-name']);
  });
});

describe('type inference and empty ratios', () => {
  it('infers each column type from its cells', async () => {
    const text = [
      'id,zip,phone,qty,price,active,born,seen,mixed,empty',
      '1,01234,+14155550100,3,9.99,true,1990-01-31,2024-05-01T10:00:00Z,x,',
      '2,98765,+442071234567,-4,10,FALSE,2000-02-29,2024-05-01 10:00:00+02:00,2,',
      '3,,+33123456789,,1e3,,1975-12-01,2024-05-01T10:00Z,2024-01-01,',
    ].join('\n');
    const inspection = await inspectFile(files.write('types.csv', `${text}\n`));
    const types = Object.fromEntries(inspection.columns.map((column) => [column.name, column.type]));
    expect(types).toEqual({
      id: 'integer',
      zip: 'string',
      phone: 'string',
      qty: 'integer',
      price: 'number',
      active: 'boolean',
      born: 'date',
      seen: 'date-time',
      mixed: 'string',
      empty: 'string',
    });
    const empty = Object.fromEntries(inspection.columns.map((column) => [column.name, column.emptyRatio]));
    expect(empty).toMatchObject({ id: 0, zip: 1 / 3, qty: 1 / 3, empty: 1 });
  });

  it('keeps JSON types and finds nested objects and arrays', async () => {
    const lines = [
      '{"id":1,"score":1.5,"ok":true,"at":"2024-01-01","tags":["a"],"address":{"city":"Kraków"}}',
      '{"id":2,"score":2,"ok":false,"at":"2024-01-02","tags":[],"address":null,"extra":"late key"}',
    ];
    const inspection = await inspectFile(files.write('nested.jsonl', `${lines.join('\n')}\n`));
    expect(inspection.columns).toEqual([
      { name: 'id', type: 'integer', emptyRatio: 0 },
      { name: 'score', type: 'number', emptyRatio: 0 },
      { name: 'ok', type: 'boolean', emptyRatio: 0 },
      { name: 'at', type: 'date', emptyRatio: 0 },
      { name: 'tags', type: 'array', emptyRatio: 0 },
      { name: 'address', type: 'object', emptyRatio: 0.5 },
      { name: 'extra', type: 'string', emptyRatio: 0.5 },
    ]);
    expect(inspection.rows[1]).toEqual([2, 2, false, '2024-01-02', [], null, 'late key']);
  });

  it('reads Parquet types from the schema and turns values into JSON-safe cells', async () => {
    const inspection = await inspectFile(path.join(samplesDir, 'customers.parquet'), { maxRows: 1 });
    const types = Object.fromEntries(inspection.columns.map((column) => [column.name, column.type]));
    expect(types).toMatchObject({
      birth_date: 'date',
      loyalty_points: 'integer',
      lifetime_value: 'number',
      opted_in: 'boolean',
      last_purchase_at: 'date-time',
      postal_code: 'string',
    });
    const row = Object.fromEntries(inspection.columns.map((column, index) => [column.name, inspection.rows[0]?.[index]]));
    expect(row.birth_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.last_purchase_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(typeof row.loyalty_points).toBe('number');
  });
});
