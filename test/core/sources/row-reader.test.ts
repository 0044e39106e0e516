import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import { inspectFile, openRowReader, type SourceRow } from '../../../src-main/core/sources/index';
import { collect, samplesDir, tempFolder } from './temp-files';

const files = tempFolder('rows');

const cellsOf = (rows: SourceRow[]): string[][] => rows.map((row) => (row.kind === 'cells' ? row.cells : []));

describe('row readers', () => {
  it.each([
    ['customers.csv', 300],
    ['customers.tsv', 20],
    ['customers.jsonl', 20],
    ['customers.json', 20],
    ['customers.parquet', 300],
    ['events.csv', 200],
  ])('reads every row of %s', async (name, count) => {
    const file = path.join(samplesDir, name);
    const rows = await collect(openRowReader(file, await inspectFile(file)));
    expect(rows).toHaveLength(count);
    expect(rows.map((row) => row.rowNumber)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
  });

  it('gives CSV rows their data row number and the line they start on (quoted line breaks, CRLF, blank lines)', async () => {
    const file = files.write('lines.csv', 'id,note\r\n1,"a\r\nb"\r\n\r\n2,plain\r\n3,"x\ny\nz"\r\n4,end');
    const rows = await collect(openRowReader(file, await inspectFile(file)));
    expect(rows.map((row) => [row.rowNumber, row.line])).toEqual([
      [1, 2],
      [2, 5],
      [3, 6],
      [4, 9],
    ]);
    expect(cellsOf(rows)).toEqual([
      ['1', 'a\nb'],
      ['2', 'plain'],
      ['3', 'x\ny\nz'],
      ['4', 'end'],
    ]);
  });

  it('keeps ragged rows as parsed, for the consumer to reject', async () => {
    const file = files.write('ragged.csv', 'a,b\n1,2\n3\n4,5,6\n');
    expect(cellsOf(await collect(openRowReader(file, await inspectFile(file))))).toEqual([['1', '2'], ['3'], ['4', '5', '6']]);
  });

  it('streams a CSV larger than its chunks with exact counts, in UTF-16LE, with a header override', async () => {
    const count = 30_000;
    const body = Array.from({ length: count }, (_, index) => `${index + 1};Zoë «${index}»;"multi\nline ${index}"\r\n`).join('');
    const file = files.write('big-utf16.csv', iconv.encode(`id;name;note\r\n${body}`, 'utf16le', { addBOM: true }));
    const inspection = await inspectFile(file);
    expect(inspection).toMatchObject({ encoding: 'utf-16le', delimiter: ';', hasHeader: true });
    const rows = await collect(openRowReader(file, inspection));
    expect(rows).toHaveLength(count);
    const last = rows[count - 1];
    expect(last).toEqual({
      kind: 'cells',
      rowNumber: count,
      line: 2 + 2 * (count - 1),
      cells: [String(count), `Zoë «${count - 1}»`, `multi\nline ${count - 1}`],
    });
    const withHeaderAsData = await collect(openRowReader(file, { ...inspection, hasHeader: false }));
    expect(withHeaderAsData).toHaveLength(count + 1);
    expect(withHeaderAsData[0]).toMatchObject({ rowNumber: 1, line: 1, cells: ['id', 'name', 'note'] });
  });

  it('fails on an unclosed quote at the end of the file, with its line', async () => {
    const file = files.write('open.csv', 'id,note\n1,ok\n2,"never closed\n3,x\n');
    const reader = openRowReader(file, { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true });
    const seen: number[] = [];
    const error: unknown = await (async () => {
      for await (const row of reader) seen.push(row.rowNumber);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'FILE_MALFORMED', where: { line: 3 } });
  });

  it('stops early without hanging and can be cancelled', async () => {
    const file = path.join(samplesDir, 'customers.csv');
    const inspection = await inspectFile(file);
    let taken = 0;
    for await (const _row of openRowReader(file, inspection)) {
      taken += 1;
      if (taken === 5) break;
    }
    expect(taken).toBe(5);

    const controller = new AbortController();
    const error: unknown = await (async () => {
      for await (const row of openRowReader(file, inspection, { signal: controller.signal })) {
        if (row.rowNumber === 10) controller.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CANCELLED' });
  });

  it('inspects the file itself when no source facts are given', async () => {
    const rows = await collect(openRowReader(path.join(samplesDir, 'customers.tsv')));
    expect(rows).toHaveLength(20);
    expect(rows[0]).toMatchObject({ kind: 'cells', rowNumber: 1, line: 2 });
  });

  it('reads JSON Lines with line numbers, skipping blank lines, and fails at a bad line', async () => {
    const file = files.write('records.jsonl', '{"a":1}\n\n{"a":2}\r\n{"a":3}');
    const rows = await collect(openRowReader(file, await inspectFile(file)));
    expect(rows.map((row) => [row.rowNumber, row.line, row.kind === 'record' ? row.record.a : null])).toEqual([
      [1, 1, 1],
      [2, 3, 2],
      [3, 4, 3],
    ]);
    const bad = files.write('bad.jsonl', '{"a":1}\n{"a":\n');
    await expect(collect(openRowReader(bad, { format: 'jsonl', encoding: 'utf-8', delimiter: null, hasHeader: true }))).rejects.toMatchObject({
      code: 'FILE_MALFORMED',
      where: { line: 2 },
    });
  });

  it("streams a JSON array across chunk boundaries with each record's starting line", async () => {
    const count = 5000;
    const records = Array.from({ length: count }, (_, index) => ({
      id: index + 1,
      name: `Łukasz ${index}`,
      tags: ['a', `b]${index}`],
      note: 'quote " and {brace}',
    }));
    const file = files.write('big.json', JSON.stringify(records, null, 2));
    const rows = await collect(openRowReader(file, await inspectFile(file)));
    expect(rows).toHaveLength(count);
    const linesPerRecord = JSON.stringify(records[0], null, 2).split('\n').length;
    expect(rows[count - 1]).toEqual({ kind: 'record', rowNumber: count, line: 2 + (count - 1) * linesPerRecord, rowGroup: null, record: records[count - 1] });
  });

  it('reads Parquet row group by row group, with absolute row numbers', async () => {
    const file = path.join(files.dir, 'groups.parquet');
    const count = 2500;
    parquetWriteFile({
      filename: file,
      rowGroupSize: 1000,
      columnData: [
        { name: 'id', data: BigInt64Array.from({ length: count }, (_, index) => BigInt(index) * 10_000_000_000n), type: 'INT64' },
        { name: 'at', data: Array.from({ length: count }, (_, index) => new Date(Date.UTC(2024, 0, 1) + index * 1000)), type: 'TIMESTAMP' },
      ],
    });
    const rows = await collect(openRowReader(file, await inspectFile(file)));
    expect(rows).toHaveLength(count);
    const groups = new Map<number | null, number>();
    for (const row of rows) if (row.kind === 'record') groups.set(row.rowGroup, (groups.get(row.rowGroup) ?? 0) + 1);
    expect([...groups]).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 500],
    ]);
    expect(rows[1500]).toEqual({ kind: 'record', rowNumber: 1501, line: null, rowGroup: 1, record: { id: '15000000000000', at: '2024-01-01T00:25:00Z' } });
  });
});
