import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonLinesPartWriter } from '../../../../src-main/core/jobs/prepare/part-writer';
import { StreamSink } from '../../../../src-main/core/jobs/prepare/stream-sink';
import type { PreparePart } from '../../../../src-main/core/jobs/prepare/prepare-types';
import { tempDir } from './fixtures';

/**
 * Lines the caller encodes straight into the part's buffer (the fast path) must land in the
 * same parts, with the same bytes, as the same lines handed over as text: a part ends before the
 * line that would take it past its target, however loose the caller's bound on a line's size.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function workspace(): Promise<string> {
  const { dir, cleanup } = await tempDir();
  cleanups.push(cleanup);
  return dir;
}

async function filesOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(path.join(dir, name), 'utf8');
  return out;
}

const lineText = fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '"', ' '), maxLength: 60 }).map((s) => JSON.stringify({ v: s }));

describe('JsonLinesPartWriter.writeEncoded', () => {
  it('splits parts exactly where writing the same lines as text does', async () => {
    const dir = await workspace();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(lineText, fc.nat(40)), { minLength: 1, maxLength: 40 }), fc.integer({ min: 40, max: 400 }), async (lines, target) => {
        run++;
        await Promise.all(['text', 'encoded'].map((kind) => mkdir(path.join(dir, `${kind}-${run}`))));
        const asText = new JsonLinesPartWriter(path.join(dir, `text-${run}`), target);
        const encoded = new JsonLinesPartWriter(path.join(dir, `encoded-${run}`), target);
        for (const [json, slack] of lines) {
          await asText.writeJson(json);
          const bytes = Buffer.from(`${json}\n`);
          // A bound at least the line's size, as loose as the fast path's can be.
          await encoded.writeEncoded(
            bytes.length + slack,
            (chunk, at) => at + bytes.copy(chunk, at),
            () => json,
          );
        }
        const [textParts, encodedParts] = [await asText.close(true), await encoded.close(true)];
        expect(encodedParts).toEqual(textParts);
        expect(await filesOf(path.join(dir, `encoded-${run}`))).toEqual(await filesOf(path.join(dir, `text-${run}`)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('StreamSink.writeEncoded', () => {
  it('keeps text and encoded bytes in order, lines larger than a chunk included', async () => {
    const dir = await workspace();
    const file = path.join(dir, 'out.txt');
    const sink = new StreamSink(file, 16);
    const pieces = ['abc', 'x'.repeat(40), 'é€😀', 'y'.repeat(15), 'z'.repeat(100), 'end'];
    let expected = '';
    for (const [i, piece] of pieces.entries()) {
      expected += piece;
      if (i % 2 === 0) await sink.write(piece);
      else {
        const bytes = Buffer.from(piece);
        await sink.writeEncoded(bytes.length + 3, (chunk, at) => at + bytes.copy(chunk, at));
      }
    }
    await sink.close();
    expect(await readFile(file, 'utf8')).toBe(expected);
    expect(sink.bytes).toBe(Buffer.byteLength(expected));
  });
});

describe('StreamSink chunks', () => {
  it('reuses the chunks the stream has written: a 16 MiB file through 64 KiB chunks allocates a handful, not 256', async () => {
    const dir = await workspace();
    const file = path.join(dir, 'big.txt');
    const chunkBytes = 64 * 1024;
    const allocate = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      const sink = new StreamSink(file, chunkBytes);
      const line = `${'x'.repeat(99)}\n`;
      for (let written = 0; written < 16 * 1024 * 1024; written += line.length) {
        const waiting = sink.write(line);
        if (waiting !== undefined) await waiting;
      }
      await sink.close();
      const chunks = allocate.mock.calls.filter(([size]) => size === chunkBytes).length;
      // The stream holds up to four chunks before it asks to wait; one more is being filled.
      expect(chunks).toBeLessThanOrEqual(8);
      expect((await readFile(file, 'utf8')).length).toBe(sink.bytes);
    } finally {
      allocate.mockRestore();
    }
  });
});

/**
 * Writes `json` lines into a new writer of parts of `partBytes` until 16 MiB are written, with
 * Buffer.allocUnsafe watched; returns the parts and the sizes of the Buffers allocated.
 */
async function writeWatched(dir: string, partBytes: number, json: string, chunkBytes?: number): Promise<{ parts: PreparePart[]; allocated: number[] }> {
  const allocate = vi.spyOn(Buffer, 'allocUnsafe');
  try {
    const writer = new JsonLinesPartWriter(dir, partBytes, chunkBytes);
    for (let written = 0; written < 16 * 1024 * 1024; written += json.length + 1) {
      const waiting = writer.writeJson(json);
      if (waiting !== undefined) await waiting;
    }
    const parts = await writer.close(true);
    return { parts, allocated: allocate.mock.calls.map(([size]) => size) };
  } finally {
    allocate.mockRestore();
  }
}

describe('JsonLinesPartWriter chunks', () => {
  it('hands the chunks of a finished part to the next: 32 parts through 64 KiB chunks allocate a handful, not some per part', async () => {
    const chunkBytes = 64 * 1024;
    const json = JSON.stringify({ v: 'x'.repeat(90) });
    const { parts, allocated } = await writeWatched(await workspace(), 512 * 1024, json, chunkBytes);
    expect(parts.length).toBeGreaterThanOrEqual(32);
    // As for one file: the stream's four chunks in flight and the one being filled, and a few
    // more when a chunk's write callback comes after the stream asked to wait.
    expect(allocated.filter((size) => size === chunkBytes).length).toBeLessThanOrEqual(8);
    expect(parts.reduce((sum, p) => sum + p.bytes, 0)).toBe(parts.reduce((sum, p) => sum + p.rows, 0) * (json.length + 1));
  });
});

describe('JsonLinesPartWriter memory', () => {
  it('holds at most 2 MiB of write chunks as it writes 16 MiB over parts of 2 MiB, whatever the disk', async () => {
    const { parts, allocated } = await writeWatched(await workspace(), 2 * 1024 * 1024, JSON.stringify({ v: 'x'.repeat(290) }));
    expect(parts.length).toBeGreaterThanOrEqual(8);
    // Every chunk the writer ever took (the lines themselves are far smaller than a chunk).
    expect(allocated.filter((size) => size >= 64 * 1024).reduce((sum, size) => sum + size, 0)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
