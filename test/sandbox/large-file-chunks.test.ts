/**
 * Large-file uploads as the sandbox stores them: chunks written in place into one file, so that
 * COMPLETE is a rename. What must hold: chunks in any order and in parallel give the exact bytes; a
 * chunk that failed on the way (short or long body) is not reported held and spoils no neighbour;
 * an upload whose chunks an earlier version stored one file each still completes.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { customer, fileUrl, IMP, jsonl, newBatch, seededDataset, type BatchRef } from './batch-client';
import { Harness } from './harness';

const big = Buffer.from(jsonl(Array.from({ length: 400 }, (_, i) => customer(i + 1))));

function ranges(size: number, parts: number): Array<[number, number]> {
  const step = Math.ceil(size / parts);
  const out: Array<[number, number]> = [];
  for (let start = 0; start < size; start += step) out.push([start, Math.min(size, start + step) - 1]);
  return out;
}

function patch(h: Harness, b: BatchRef, name: string, [start, end]: [number, number], body: Uint8Array = big.subarray(start, end + 1)) {
  return h.call('PATCH', fileUrl(b, name), { raw: body, headers: { 'content-range': `bytes ${start}-${end}` } });
}

const stored = (h: Harness, b: BatchRef, name: string) => readFileSync(path.join(h.dataDir, 'files', 'prod', 'batches', b.id, 'input', name));

describe('Local sandbox large-file chunks', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('assembles chunks sent in parallel and out of order into the exact file, and the batch succeeds', async () => {
    h = await Harness.start();
    const b = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=INITIALIZE`)).status).toBe(201);
    const all = ranges(big.length, 5).reverse();
    const answers = await Promise.all(all.map((r) => patch(h as Harness, b, 'big.json', r)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await h.call('HEAD', fileUrl(b, 'big.json'))).headers.get('range')).toBe(`bytes=0-${big.length - 1}`);
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=COMPLETE`)).status).toBe(201);
    expect(stored(h, b, 'big.json').equals(big)).toBe(true);
    expect((await h.call('POST', `${IMP}/batches/${b.id}?action=COMPLETE`)).status).toBe(200);
    const batch = await h.waitForBatch(b.id);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 400, outputRecordCount: 400 });
  });

  it('forgets a range whose body came short or long, keeps its neighbours intact, and completes once it is sent again', async () => {
    h = await Harness.start();
    const b = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=INITIALIZE`)).status).toBe(201);
    const [first, second, third] = ranges(big.length, 3) as [[number, number], [number, number], [number, number]];
    expect((await patch(h, b, 'big.json', first)).status).toBe(200);
    expect((await patch(h, b, 'big.json', third)).status).toBe(200);
    // Sent again, but cut short: the first range is no longer held.
    expect((await patch(h, b, 'big.json', first, big.subarray(first[0], first[0] + 10))).status).toBe(400);
    expect((await h.call('HEAD', fileUrl(b, 'big.json'))).headers.get('range')).toBe(`bytes=${third[0]}-${third[1]}`);
    // Longer than its range: refused before it could overwrite the third range.
    const spill = Buffer.concat([big.subarray(second[0], second[1] + 1), Buffer.alloc(100, 0x7a)]);
    expect((await patch(h, b, 'big.json', second, spill)).status).toBe(400);
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=COMPLETE`)).status).toBe(400);
    expect((await patch(h, b, 'big.json', first)).status).toBe(200);
    expect((await patch(h, b, 'big.json', second)).status).toBe(200);
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=COMPLETE`)).status).toBe(201);
    expect(stored(h, b, 'big.json').equals(big)).toBe(true);
  });

  it('completes a large file whose chunks an earlier version stored one file each', async () => {
    h = await Harness.start();
    const b = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await h.call('POST', `${fileUrl(b, 'old.json')}?action=INITIALIZE`)).status).toBe(201);
    const [first, second] = ranges(big.length, 2) as [[number, number], [number, number]];
    expect((await patch(h, b, 'old.json', second)).status).toBe(200);
    const dataDir = h.dataDir;
    await h.close(false);
    // The first chunk as the earlier layout kept it: its own file, named on the upload record.
    const chunkFile = path.join(dataDir, 'files', 'prod', 'batches', b.id, 'chunks', 'old.json', `${first[0]}-${first[1]}`);
    mkdirSync(path.dirname(chunkFile), { recursive: true });
    writeFileSync(chunkFile, big.subarray(first[0], first[1] + 1));
    const db = new Database(path.join(dataDir, 'sandbox.db'));
    const key = `${b.id}/old.json`;
    const row = db.prepare("SELECT body FROM documents WHERE sandbox = 'prod' AND kind = 'upload' AND id = ?").get(key) as { body: string };
    const upload = JSON.parse(row.body) as { chunks: unknown[] };
    upload.chunks.push({ start: first[0], end: first[1], file: chunkFile });
    db.prepare("UPDATE documents SET body = ? WHERE sandbox = 'prod' AND kind = 'upload' AND id = ?").run(JSON.stringify(upload), key);
    db.close();

    h = await Harness.start({}, dataDir);
    expect((await h.call('POST', `${fileUrl(b, 'old.json')}?action=COMPLETE`)).status).toBe(201);
    expect(stored(h, b, 'old.json').equals(big)).toBe(true);
  });
});
