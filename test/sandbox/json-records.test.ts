/**
 * How JSON batches are read into records: as Spark's JSON reader does (AEP ingests with Spark), a line
 * holding an array of objects is one record per element, and what cannot be read is a failed record
 * whose `_corrupt_record` is the raw text of its line (issue 11: it used to be "[object Object],...").
 */
import { describe, expect, it } from 'vitest';
import { completeBatch, customer, EXP, newBatch, putFile, type Obj, useCustomersSandbox } from './batch-client';

describe('JSON batch records', () => {
  const sandbox = useCustomersSandbox();

  async function failedRecords(batchId: string): Promise<Obj[]> {
    const { h } = sandbox();
    const list = await h.call('GET', `${EXP}/batches/${batchId}/failed`);
    const part = (list.json as { data: Obj[] }).data.map((f) => String(f.name)).find((n) => n.startsWith('part-'));
    if (!part) return [];
    const file = await h.call('GET', `${EXP}/batches/${batchId}/failed?path=${encodeURIComponent(part)}`);
    return file.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);
  }

  it('reads a one-line array of objects as one record per element (aepp uploadSmallFile)', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId, { inputFormat: { format: 'json', isMultiLineJson: false } });
    const line = JSON.stringify([customer(1), customer(2), customer(3)]);
    expect((await putFile(h, b, 'array.json', `${line}\n`)).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 3, outputRecordCount: 3, failedRecordCount: 0 });
    expect(await failedRecords(b.id)).toEqual([]);
  });

  it('keeps the raw line of each record it cannot read as _corrupt_record', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId, { partialIngestionPercent: 100 });
    const malformed = '{"_id": "c9", "personalEmail": {"address": "x@example.com"';
    const lines = [JSON.stringify(customer(4)), malformed, '42', '[]', JSON.stringify([customer(5), 'not an object']), JSON.stringify([customer(6)])];
    expect((await putFile(h, b, 'mixed.json', `${lines.join('\n')}\n`)).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.status).toBe('success');
    // 4 and 6 read; the malformed line, the number and the mixed array are one corrupt record each; [] is no record.
    expect(batch.metrics).toMatchObject({ inputRecordCount: 5, outputRecordCount: 2, failedRecordCount: 3 });
    const failed = await failedRecords(b.id);
    expect(failed.map((r) => r._corrupt_record)).toEqual([malformed, '42', lines[4]]);
    for (const r of failed) expect(r._errors).toEqual([{ code: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }]);
  });

  it('keeps a multi-line JSON element that is not an object as its JSON text', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId, { inputFormat: { format: 'json', isMultiLineJson: true }, partialIngestionPercent: 100 });
    const body = JSON.stringify([customer(7), ['nested', 1]], null, 2);
    expect((await putFile(h, b, 'multi.json', body)).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.metrics).toMatchObject({ inputRecordCount: 2, outputRecordCount: 1, failedRecordCount: 1 });
    expect((await failedRecords(b.id)).map((r) => r._corrupt_record)).toEqual(['["nested",1]']);
  });
});
