import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchAction, parseRangeHeader, putFile, uploadFile } from '../../../src-main/core/platform/batch-ingestion';
import { type CannedAep, cannedIms, clientFor, startCannedAep } from './canned-aep';

const FILE_PATH = '/data/foundation/import/batches/b1/datasets/ds1/files/part%3D1/records.json';

describe('batch ingestion uploads', () => {
  let aep: CannedAep;
  let dir: string;
  beforeEach(async () => {
    aep = await startCannedAep();
    cannedIms(aep);
    dir = await mkdtemp(path.join(tmpdir(), 'xdm-upload-'));
  });
  afterEach(async () => {
    await aep.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('PUTs a small file as octet-stream, retrying a 503 with the same bytes', async () => {
    const file = path.join(dir, 'records.json');
    await writeFile(file, '{"a":1}\n{"a":2}\n');
    aep.on(`PUT ${FILE_PATH}`, (_r, n) => (n === 1 ? { status: 503, body: {} } : { status: 200 }));
    const { client } = clientFor(aep);
    await putFile(client, { batchId: 'b1', datasetId: 'ds1', fileName: 'part=1/records.json' }, { path: file });
    const puts = aep.seen.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.headers['content-type']).toBe('application/octet-stream');
      expect(put.body.toString()).toBe('{"a":1}\n{"a":2}\n');
    }
  });

  it('uploads a large file in chunks (initialize, PATCH with Content-Range, complete) and skips chunks AEP has', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const file = path.join(dir, 'big.json');
    await writeFile(file, bytes);
    const received = Buffer.alloc(bytes.length);
    aep.on(`HEAD ${FILE_PATH}`, () => ({ status: 200, headers: { range: 'bytes=0-299' } }));
    aep.on(`PATCH ${FILE_PATH}`, (request) => {
      const match = /^bytes (\d+)-(\d+)$/.exec(String(request.headers['content-range']));
      if (!match) return { status: 400, body: { title: 'bad range' } };
      request.body.copy(received, Number(match[1]));
      return { status: 200, body: { name: 'big.json', sizeInBytes: request.body.length } };
    });
    aep.on(`POST ${FILE_PATH}`, () => ({ status: 201 }));
    // Pretend the first 300 bytes arrived before a crash.
    bytes.copy(received, 0, 0, 300);
    const { client } = clientFor(aep);
    const progress: number[] = [];
    await uploadFile(
      client,
      { batchId: 'b1', datasetId: 'ds1', fileName: 'part=1/records.json' },
      { path: file },
      { singlePutMaxBytes: 100, chunkBytes: 300, resume: true, onProgress: (sent) => progress.push(sent) },
    );
    expect(received.equals(bytes)).toBe(true);
    const patches = aep.seen.filter((r) => r.method === 'PATCH').map((r) => r.headers['content-range']);
    expect(patches).toEqual(['bytes 300-599', 'bytes 600-899', 'bytes 900-999']);
    const actions = aep.seen.filter((r) => r.method === 'POST' && r.path === FILE_PATH).map((r) => r.query.get('action'));
    expect(actions).toEqual(['COMPLETE']);
    expect(progress).toEqual([300, 600, 900, 1000]);
  });

  it('initializes a large file that AEP has not seen', async () => {
    const file = path.join(dir, 'big.json');
    await writeFile(file, Buffer.alloc(250, 1));
    aep.on(`PATCH ${FILE_PATH}`, () => ({ status: 200, body: {} }));
    aep.on(`POST ${FILE_PATH}`, () => ({ status: 201 }));
    const { client } = clientFor(aep);
    await uploadFile(client, { batchId: 'b1', datasetId: 'ds1', fileName: 'part=1/records.json' }, { path: file }, { singlePutMaxBytes: 100, chunkBytes: 100 });
    const actions = aep.seen.filter((r) => r.method === 'POST' && r.path === FILE_PATH).map((r) => r.query.get('action'));
    expect(actions).toEqual(['INITIALIZE', 'COMPLETE']);
    expect(aep.seen.filter((r) => r.method === 'PATCH')).toHaveLength(3);
  });

  it('retries COMPLETE, which Adobe documents as safe to repeat', async () => {
    aep.on('POST /data/foundation/import/batches/b1', (_r, n) => (n === 1 ? 'drop' : { status: 200 }));
    const { client } = clientFor(aep);
    await batchAction(client, 'b1', 'COMPLETE');
    expect(aep.seen.filter((r) => r.path === '/data/foundation/import/batches/b1').map((r) => r.query.get('action'))).toEqual(['COMPLETE', 'COMPLETE']);
  });

  it('parses Range headers with or without totals', () => {
    expect(parseRangeHeader('bytes=0-99,200-299')).toEqual([
      { start: 0, end: 100 },
      { start: 200, end: 300 },
    ]);
    expect(parseRangeHeader('bytes 0-9/100')).toEqual([{ start: 0, end: 10 }]);
    expect(parseRangeHeader(null)).toEqual([]);
  });
});
