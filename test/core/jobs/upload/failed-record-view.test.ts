import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedRecordOf, readFailedRecords } from '../../../../src-main/core/jobs/upload/index';

describe('failed records as Data Access gives them', () => {
  it('reads streaming’s nested violations and row errors beside a corrupt record', () => {
    const streaming = failedRecordOf(
      {
        a: 1,
        _errors: {
          _streamingValidation: [
            {
              message: '2 schema violations found',
              pointerToViolation: '#',
              causingExceptions: [
                { keyword: 'type', message: 'expected type: String, found: Long', pointerToViolation: '#/a' },
                { keyword: 'additionalProperties', message: 'extraneous key [b] is not permitted', pointerToViolation: '#' },
              ],
            },
          ],
        },
      },
      0,
    );
    expect(streaming.record).toEqual({ a: 1 });
    expect(streaming.errors).toEqual([
      { path: 'a', keyword: 'type', message: 'expected type: String, found: Long' },
      { path: '', keyword: 'additionalProperties', message: 'extraneous key [b] is not permitted' },
    ]);
    const corrupt = failedRecordOf(
      {
        _corrupt_record: "{missingQuotes: 'v1'}",
        _errors: [{ code: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }],
        _filename: 'parsing_errors_0.json',
      },
      4,
    );
    expect(corrupt).toMatchObject({
      index: 5,
      raw: "{missingQuotes: 'v1'}",
      errors: [{ path: '', keyword: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }],
    });
    expect(failedRecordOf({ _validationErrors: [{ message: 'Payload body is missing xdmEntity' }] }, 0).errors).toEqual([
      { path: '', message: 'Payload body is missing xdmEntity' },
    ]);
  });

  it('names an array item’s field as the Map step does', () => {
    const record = failedRecordOf({ _validationErrors: [{ keyword: 'type', message: 'expected type: String', pointerToViolation: '#/items/0/SKU' }] }, 0);
    expect(record.errors).toEqual([{ path: 'items[0].SKU', keyword: 'type', message: 'expected type: String' }]);
  });

  it('answers the screen with each record split and the raw rows kept for download', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'failed-view-'));
    const file = path.join(dir, 'part-0.json');
    await writeFile(file, `${JSON.stringify({ a: 1, _validationErrors: [{ message: 'bad', pointerToViolation: '#/a' }] })}\n{broken\n`);
    const { rows } = await readFailedRecords([file], 10);
    expect(rows.map(failedRecordOf)).toEqual([
      { index: 1, record: { a: 1 }, errors: [{ path: 'a', message: 'bad' }] },
      { index: 2, record: {}, errors: [{ path: '', message: 'This line of the failed-record file is not a JSON record.' }], raw: '{broken' },
    ]);
  });
});
