import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRecords, readFailedRecords } from '../../../../src-main/core/jobs/upload/index';

/**
 * Failed-record files read as streams: only the first `limit` records are read, whatever the
 * file's size; JSON Lines and JSON arrays alike.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xdm-failed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const row = (i: number) => ({
  personalEmail: { address: `bad${i}@example.com` },
  _validationErrors: [{ code: 'INGEST-1212-400', message: `row ${i}, with a "quote", a comma, and ] [ } {` }],
});

describe('failed-record files', () => {
  it('gives the first records of JSON Lines files and says there are more', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    await writeFile(a, `${[1, 2, 3].map((i) => JSON.stringify(row(i))).join('\n')}\n\n`);
    await writeFile(b, `${JSON.stringify(row(4))}\r\nnot json\n${JSON.stringify(row(5))}`);
    expect(await readFailedRecords([a, b], 4)).toEqual({ rows: [row(1), row(2), row(3), row(4)], truncated: true });
    expect(await readFailedRecords([a, b], 6)).toEqual({ rows: [row(1), row(2), row(3), row(4), 'not json', row(5)], truncated: false });
    expect(await readFailedRecords([a, b], 100)).toMatchObject({ truncated: false });
  });

  it('splits a JSON array element by element, brackets and commas inside strings included', async () => {
    const file = path.join(dir, 'array.json');
    await writeFile(file, `  [\n${Array.from({ length: 7 }, (_, i) => JSON.stringify(row(i), null, 2)).join(',\n')}, "text", 3, [1, [2]]\n]\n`);
    const all: unknown[] = [];
    for await (const r of failedRecords(file)) all.push(r);
    expect(all).toEqual([...Array.from({ length: 7 }, (_, i) => row(i)), 'text', 3, [1, [2]]]);
    expect(await readFailedRecords([file], 2)).toEqual({ rows: [row(0), row(1)], truncated: true });
  });

  it('stops reading at the limit: a file that never ends is not waited for', async () => {
    // A named pipe whose writer stays open: reading the whole "file" would never finish.
    const fifo = path.join(dir, 'endless.json');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    // The reader leaves early on purpose: writes still queued then fail (EPIPE, or destroyed), and that is expected.
    writer.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
    try {
      for (let i = 1; i <= 50; i += 1) writer.write(`${JSON.stringify(row(i))}\n`);
      const read = await readFailedRecords([fifo], 10);
      expect(read.truncated).toBe(true);
      expect(read.rows).toEqual(Array.from({ length: 10 }, (_, i) => row(i + 1)));
    } finally {
      writer.destroy();
    }
  });
});
