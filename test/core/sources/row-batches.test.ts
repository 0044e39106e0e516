import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openRowBatches, openRowReader, type RowSource, type SourceItem } from '../../../src-main/core/sources/index';
import { MAX_RAW_CHARS, MAX_ROW_CHARS } from '../../../src-main/core/sources/limits';
import { collect, tempFolder } from './temp-files';

const files = tempFolder('batches');
const csvSource: RowSource = { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true };
const jsonlSource: RowSource = { format: 'jsonl', encoding: 'utf-8', delimiter: null, hasHeader: true };

async function items(file: string, source: RowSource): Promise<SourceItem[]> {
  return (await collect(openRowBatches(file, source))).flatMap((batch) => batch.items);
}

/** Each item as [kind, rowNumber, line, cells / reason]. */
function brief(list: SourceItem[]): unknown[] {
  return list.map((item) =>
    item.kind === 'malformed'
      ? ['malformed', item.rowNumber, item.line, item.reason]
      : item.kind === 'cells'
        ? ['cells', item.rowNumber, item.line, item.cells]
        : ['record', item.rowNumber, item.line, item.record],
  );
}

afterEach(() => vi.restoreAllMocks());

describe('row batches: malformed rows are items, not stops', () => {
  it('an unclosed quote loses its first line only; the rows after it are read', async () => {
    const atEnd = await items(files.write('open-end.csv', 'id,note\n1,ok\n2,"never closed\n3,x\n'), csvSource);
    expect(brief(atEnd)).toEqual([
      ['cells', 1, 2, ['1', 'ok']],
      ['malformed', 2, 3, 'unclosed-quote'],
      ['cells', 3, 4, ['3', 'x']],
    ]);
    expect(atEnd[1]).toMatchObject({ raw: '2,"never closed', message: expect.stringContaining('unclosed quote') as unknown });
    // Before a later quoted cell, the stray quote pairs with that cell's quotes: still one row lost.
    const midFile = await items(files.write('open-mid.csv', 'id,note\n1,ok\n2,"never closed\n3,x\n4,"multi\nline"\n'), csvSource);
    expect(brief(midFile)).toEqual([
      ['cells', 1, 2, ['1', 'ok']],
      ['malformed', 2, 3, 'malformed-quotes'],
      ['cells', 3, 4, ['3', 'x']],
      ['cells', 4, 5, ['4', 'multi\nline']],
    ]);
  });

  it('text after a closing quote makes that row malformed, with its source text', async () => {
    const file = files.write('bad-quotes.csv', 'id,note,n\n1,"a"b,2\n2,"x\ny",3\n3,ok,4\n');
    const list = await items(file, csvSource);
    expect(brief(list)).toEqual([
      ['malformed', 1, 2, 'malformed-quotes'],
      ['cells', 2, 3, ['2', 'x\ny', '3']],
      ['cells', 3, 5, ['3', 'ok', '4']],
    ]);
    expect(list[0]).toMatchObject({ raw: '1,"a"b,2' });
  });

  it('a row that never ends within MAX_ROW_CHARS is rejected and reading resumes on its next line', async () => {
    const huge = `1,"${'x'.repeat(MAX_ROW_CHARS + 1000)}`;
    const file = files.write('runaway.csv', `id,note\n0,before\n${huge}\n2,after\n3,end\n`);
    const list = await items(file, csvSource);
    expect(brief(list)).toEqual([
      ['cells', 1, 2, ['0', 'before']],
      ['malformed', 2, 3, 'row-too-long'],
      ['cells', 3, 4, ['2', 'after']],
      ['cells', 4, 5, ['3', 'end']],
    ]);
    const malformed = list[1];
    expect(malformed?.kind === 'malformed' ? malformed.raw.length : 0).toBe(MAX_RAW_CHARS);
  });

  it('a bad JSON line is a malformed item at its line; the preview reader still fails there', async () => {
    const file = files.write('bad.jsonl', '{"a":1}\n{"a":\n\n[1]\n{"a":3}\n');
    expect(brief(await items(file, jsonlSource))).toEqual([
      ['record', 1, 1, { a: 1 }],
      ['malformed', 2, 2, 'invalid-json'],
      ['malformed', 3, 4, 'not-an-object'],
      ['record', 4, 5, { a: 3 }],
    ]);
    await expect(collect(openRowReader(file, jsonlSource))).rejects.toMatchObject({ code: 'FILE_MALFORMED', where: { line: 2 } });
  });

  it('counts the bytes read with each batch, up to the file size', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `${i},"note ${i}"\n`).join('');
    const file = files.write('progress.csv', `id,note\n${body}`);
    const batches = await collect(openRowBatches(file, csvSource));
    expect(batches.length).toBeGreaterThan(1);
    const read = batches.map((batch) => batch.bytesRead ?? 0);
    expect(read).toEqual([...read].sort((a, b) => a - b));
    expect(read[read.length - 1]).toBe(fs.statSync(file).size);
    expect(batches.reduce((sum, batch) => sum + batch.items.length, 0)).toBe(20_000);
  });
});

describe('row batches: backpressure', () => {
  it('reads nothing ahead while the consumer holds a batch, however long it stalls', async () => {
    const row = `${'z'.repeat(90)},"quoted, cell"\n`;
    const file = files.write('stall.csv', `a,b\n${row.repeat(Math.ceil((32 * 1024 * 1024) / row.length))}`);
    const reads = vi.spyOn(fs, 'read');
    const reader = openRowBatches(file, csvSource);
    const first = await reader.next();
    expect(first.done).toBe(false);
    // A reader driven by stream events would keep reading the 32 MiB file during this stall.
    for (let turn = 0; turn < 40; turn += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const readsWhileStalled = reads.mock.calls.length;
    // One chunk parsed plus the stream's one buffered chunk (256 KiB each); never the file.
    expect(readsWhileStalled).toBeGreaterThan(0);
    expect(readsWhileStalled).toBeLessThanOrEqual(3);
    await reader.next();
    expect(reads.mock.calls.length).toBeLessThanOrEqual(readsWhileStalled + 1);
    await reader.return(undefined);
  });
});

describe('row batches over a byte range', () => {
  const text = 'id,note\n1,a\n2,"two\nlines"\n3,c\n4,d\n';
  const file = () => files.write('range.csv', text);
  const at = (needle: string): number => Buffer.byteLength(text.slice(0, text.indexOf(needle)));
  async function ranged(start: number, stops: number[], hasHeader = false) {
    let end: unknown;
    const list = (await collect(openRowBatches(file(), { ...csvSource, hasHeader }, { range: { start, stops, onEnd: (e) => (end = e) } }))).flatMap(
      (batch) => batch.items,
    );
    return { rows: brief(list), end };
  }

  it('reads from its start and stops at the first stop that is a row boundary', async () => {
    expect(await ranged(0, [at('2,'), at('3,')], true)).toEqual({ rows: [['cells', 1, 2, ['1', 'a']]], end: { stoppedAt: 0, lines: 2 } });
  });

  it('reads through a stop that falls inside a quoted cell, to the next boundary', async () => {
    // "lines" starts a line inside the quoted cell of row 2: not a row boundary.
    expect(await ranged(at('2,'), [at('lines'), at('4,')])).toEqual({
      rows: [
        ['cells', 1, 1, ['2', 'two\nlines']],
        ['cells', 2, 3, ['3', 'c']],
      ],
      end: { stoppedAt: 1, lines: 3 },
    });
  });

  it('reads to the end of the file after its last stop, and says so', async () => {
    expect(await ranged(at('4,'), [])).toEqual({ rows: [['cells', 1, 1, ['4', 'd']]], end: { stoppedAt: null, lines: 1 } });
  });

  it('is refused for formats other than CSV and TSV', async () => {
    const json = files.write('range.jsonl', '{"a":1}\n');
    await expect(collect(openRowBatches(json, jsonlSource, { range: { start: 0, stops: [], onEnd: () => undefined } }))).rejects.toThrow(
      /only be read from a CSV or TSV/,
    );
  });
});
