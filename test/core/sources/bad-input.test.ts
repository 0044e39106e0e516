import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import { inspectFile } from '../../../src-main/core/sources/index';
import { samplesDir, tempFolder } from './temp-files';

const files = tempFolder('bad');

async function failure(file: string): Promise<AppError> {
  const error: unknown = await inspectFile(file).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('bad input gives a coded error naming the file', () => {
  it('empty file', async () => {
    const file = files.write('empty.csv', '');
    const error = await failure(file);
    expect(error.code).toBe('FILE_EMPTY');
    expect(error.message).toBe(`${file}: the file is empty`);
  });

  it('only whitespace, or only a BOM', async () => {
    expect((await failure(files.write('blank.csv', '\n \r\n\t\n'))).code).toBe('FILE_EMPTY');
    const bom = await failure(files.write('bom.csv', Buffer.from([0xef, 0xbb, 0xbf])));
    expect(bom.code).toBe('FILE_EMPTY');
    expect(bom.message).toContain('only a byte order mark');
  });

  it('binary file with a known signature says what it looks like', async () => {
    const error = await failure(files.write('sheet.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])));
    expect(error.code).toBe('FILE_BINARY');
    expect(error.message).toMatch(/sheet\.csv: not a text or Parquet file; it looks like a ZIP archive/);
  });

  it('binary file without a known signature', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 7919) % 256;
    const error = await failure(files.write('noise.bin', bytes));
    expect(error.code).toBe('FILE_BINARY');
    expect(error.message).toContain('noise.bin');
  });

  it('unclosed quote, with its line', async () => {
    const error = await failure(files.write('quote.csv', 'id,note\n1,fine\n2,"multi\nline"\n3,"never closed\n4,x\n5,y\n'));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.where?.line).toBe(5);
    expect(error.message).toMatch(/quote\.csv: unclosed quote.* on line 5$/);
  });

  it('malformed quotes (text after a closing quote), with its line', async () => {
    const error = await failure(files.write('stray.csv', 'id,note\n1,"ok"\n2,"bad"x\n'));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.where?.line).toBe(3);
  });

  it('ragged rows are a warning with a count and the first line; inspection succeeds', async () => {
    const inspection = await inspectFile(files.write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'));
    expect(inspection.warnings).toEqual([expect.objectContaining({ kind: 'ragged-rows', count: 2, line: 3 })]);
    expect(inspection.rows).toEqual([
      ['1', '2', '3'],
      ['4', '5', ''],
      ['6', '7', '8'],
      ['10', '11', '12'],
    ]);
  });

  it('invalid JSON Lines, with the line', async () => {
    const error = await failure(files.write('bad.jsonl', '{"a":1}\n{"a":2}\n{"a":3,}\n'));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.where?.line).toBe(3);
    expect(error.message).toMatch(/^.*bad\.jsonl: invalid JSON \(.+\) on line 3$/);
  });

  it('invalid JSON array, with the line inside a multi-line record', async () => {
    const error = await failure(files.write('bad.json', '[\n  {"a": 1},\n  {\n    "a": 2\n    "b": 3\n  }\n]\n'));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.where?.line).toBe(5);
  });

  it('JSON array that is never closed', async () => {
    const error = await failure(files.write('open.json', '[{"a":1},{"a":2}\n'));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.message).toContain('ends before the array is closed');
  });

  it('JSON record that is not an object', async () => {
    const error = await failure(files.write('scalar.jsonl', '{"a":1}\n[1,2]\n'));
    expect(error.code).toBe('FILE_UNSUPPORTED');
    expect(error.where?.line).toBe(2);
  });

  it('truncated Parquet', async () => {
    const bytes = readFileSync(path.join(samplesDir, 'customers.parquet'));
    const error = await failure(files.write('cut.parquet', bytes.subarray(0, Math.floor(bytes.length / 2))));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.message).toMatch(/cut\.parquet: the Parquet file is truncated or corrupt/);
  });

  it('corrupt Parquet footer', async () => {
    const bytes = Buffer.from(readFileSync(path.join(samplesDir, 'customers.parquet')));
    bytes.fill(0xff, bytes.length - 200, bytes.length - 8);
    const error = await failure(files.write('corrupt.parquet', bytes));
    expect(error.code).toBe('FILE_MALFORMED');
    expect(error.message).toContain('corrupt.parquet: the Parquet file is corrupt');
  });

  it('binary data named .parquet is a malformed Parquet file', async () => {
    const error = await failure(files.write('fake.parquet', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00])));
    expect(error.code).toBe('FILE_MALFORMED');
  });

  it('missing path', async () => {
    const file = path.join(files.dir, 'nope.csv');
    const error = await failure(file);
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe(`${file}: file not found`);
  });

  it('a folder', async () => {
    const dir = path.join(files.dir, 'folder.csv');
    mkdirSync(dir);
    const error = await failure(dir);
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe(`${dir}: is a folder, not a file`);
  });

  it('uses the display name in messages when given one', async () => {
    const error: unknown = await inspectFile(path.join(files.dir, 'missing.csv'), { displayName: 'My file.csv' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('My file.csv: file not found');
  });

  it('rejects a maxRows out of range', async () => {
    const file = files.write('ok.csv', 'a\n1\n');
    await expect(inspectFile(file, { maxRows: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
