import { openSync, closeSync, ftruncateSync, statSync, writeSync } from 'node:fs';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { HEAD_BYTES, inspectFile } from '../../../src-main/core/sources/index';
import { tempFolder } from './temp-files';

const files = tempFolder('head');

describe('inspection reads only the head', () => {
  it('reads 1 MiB of a 200 MB CSV', async () => {
    // 2 MiB of real rows, then a sparse tail: the file is 200 MB on the size, nothing on disk.
    const file = files.write('big.csv', '');
    const fd = openSync(file, 'w');
    writeSync(fd, 'customer_id,email,points\n');
    const block = Array.from({ length: 1000 }, (_, index) => `C${index},user${index}@example.com,${index * 3}\n`).join('');
    let written = 0;
    while (written < 2 * HEAD_BYTES) written += writeSync(fd, block);
    ftruncateSync(fd, 200 * 1000 * 1000);
    closeSync(fd);

    const inspection = await inspectFile(file);
    expect(inspection.file.size).toBe(200_000_000);
    expect(inspection.bytesRead).toBe(HEAD_BYTES);
    expect(inspection.totalRows).toBeNull();
    expect(inspection.rows).toHaveLength(100);
    expect(inspection.columns.map((column) => column.type)).toEqual(['string', 'string', 'integer']);
  });

  it('reads the footer and the first pages of a large Parquet row group, not the whole file', async () => {
    const count = 120_000;
    const file = `${files.dir}/big.parquet`;
    parquetWriteFile({
      filename: file,
      rowGroupSize: count,
      pageSize: 16 * 1024,
      columnData: [
        { name: 'id', data: Array.from({ length: count }, (_, index) => `id-${index}-${(index * 2654435761) % 1000003}`), type: 'STRING' },
        { name: 'n', data: Float64Array.from({ length: count }, (_, index) => Math.sin(index) * 1000), type: 'DOUBLE' },
      ],
    });
    const size = statSync(file).size;
    const inspection = await inspectFile(file, { maxRows: 10 });
    expect(inspection.totalRows).toBe(count);
    expect(inspection.rows[0]).toEqual(['id-0-0', 0]);
    expect(inspection.bytesRead).toBeLessThan(size / 4);
  });

  it('warns when fewer rows than asked fit in the head', async () => {
    const wide = `${'x'.repeat(300_000)}\n`;
    const inspection = await inspectFile(files.write('wide.csv', `text\n${wide.repeat(8)}`), { maxRows: 50 });
    expect(inspection.rows).toHaveLength(3);
    expect(inspection.warnings).toEqual([expect.objectContaining({ kind: 'truncated-sample', count: 3 })]);
  });

  it('reads further when the first line alone is longer than the head', async () => {
    const inspection = await inspectFile(files.write('long-line.jsonl', `{"blob":"${'y'.repeat(HEAD_BYTES + 10)}"}\n{"blob":"z"}\n`));
    expect(inspection.format).toBe('jsonl');
    expect(inspection.rows.length).toBeGreaterThanOrEqual(1);
    expect(inspection.bytesRead).toBeGreaterThan(HEAD_BYTES);
  });

  it('drops a quoted multi-line row cut by the end of the head instead of calling it unclosed', async () => {
    const row = '1,"first line\nsecond line"\n';
    const bytes = Buffer.from(`id,note\n${row.repeat(Math.ceil((HEAD_BYTES * 1.5) / row.length))}`);
    // The head ends inside a quoted cell: an odd number of quotes before the cut.
    expect(bytes.subarray(0, HEAD_BYTES).toString('latin1').split('"').length % 2).toBe(0);
    const inspection = await inspectFile(files.write('multi.csv', bytes), { maxRows: 2 });
    expect(inspection.rows).toEqual([
      ['1', 'first line\nsecond line'],
      ['1', 'first line\nsecond line'],
    ]);
    expect(inspection.warnings).toEqual([]);
  });
});
