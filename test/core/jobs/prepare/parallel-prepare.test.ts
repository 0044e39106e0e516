import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareInParallel } from '../../../../src-main/core/jobs/prepare/parallel-prepare';
import type { SegmentRunner } from '../../../../src-main/core/jobs/prepare/parallel-prepare';
import type { PrepareOptions, PrepareSummary } from '../../../../src-main/core/jobs/prepare/prepare-types';
import { runPrepare } from '../../../../src-main/core/jobs/prepare/run-prepare';
import { planSegments } from '../../../../src-main/core/jobs/prepare/segment-plan';
import { startPrepareWorker } from '../../../../src-main/core/jobs/prepare/start-prepare-worker';
import type { RangeEnd } from '../../../../src-main/core/sources/index';
import { customerColumns, customerMapping, customerSchema, readParts, tempDir } from './fixtures';

/**
 * A job split over threads must produce what one sequential pass produces: the same records in
 * the same order, the same rejects with the same file-wide row and line numbers, the same counts.
 * The segments run in-process here (the same pipeline a thread runs) so that many random files
 * can be tried; one test at the end runs real threads.
 */

/**
 * Jobs the running test started, and a signal that stops them.
 * Why: these tests are CPU-bound, and on a loaded machine one could outrun its timeout; vitest
 * then runs afterEach while the test's job (and the rest of its property runs) goes on writing
 * into the temp folder, so the folder's removal met files created after it was listed
 * (ENOTEMPTY), and the failure looked like the job's. Cleanup now stops the test's jobs, waits
 * for them to close their files, and only then removes the folder.
 */
const running = new Set<Promise<unknown>>();
let stopJobs = new AbortController();
function track<T>(start: () => Promise<T>): Promise<T> {
  // A test already cleaned up (it timed out) starts nothing more.
  stopJobs.signal.throwIfAborted();
  const job = start();
  running.add(job);
  const forget = (): void => void running.delete(job);
  job.then(forget, forget);
  return job;
}

const cleanups: (() => Promise<void>)[] = [];
beforeEach(() => {
  stopJobs = new AbortController();
});
afterEach(async () => {
  stopJobs.abort();
  while (running.size > 0) await Promise.allSettled([...running]);
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function workspace(): Promise<string> {
  const { dir, cleanup } = await track(tempDir);
  cleanups.push(cleanup);
  return dir;
}

/** For the tests that prepare many files or start threads: the machine's other work must not fail them. */
const CPU_BOUND_MS = 120_000;

/** The test's stop signal, and the caller's when it has one: either stops the job. */
function jobSignal(signal?: AbortSignal): AbortSignal {
  return signal === undefined ? stopJobs.signal : AbortSignal.any([signal, stopJobs.signal]);
}

const inProcess: SegmentRunner = async (data, hooks) => {
  let rangeEnd: RangeEnd | undefined;
  const summary = await runPrepare(data.options, {
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    ...(data.columns ? { columns: data.columns } : {}),
    ...(data.range ? { range: data.range, onRangeEnd: (end: RangeEnd) => (rangeEnd = end) } : {}),
  });
  return { summary, ...(rangeEnd ? { rangeEnd } : {}) };
};

const source = { format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true } as const;

function optionsFor(input: string, outDir: string): PrepareOptions {
  return { inputPath: input, source, schema: customerSchema.schema, mapping: customerMapping, outDir };
}

/** The outputs that must not depend on how the job was split. */
async function outputs(dir: string, summary: PrepareSummary) {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  return {
    names,
    records: await readParts(dir),
    rejects: await readFile(path.join(dir, 'rejects.csv'), 'utf8'),
    warnings: await readFile(path.join(dir, 'warnings.csv'), 'utf8'),
    counts: [summary.status, summary.rowsRead, summary.rowsWritten, summary.rowsRejected, summary.rowsWithWarnings, summary.invariantHolds],
    issuesByKind: summary.issuesByKind,
    issuesByField: summary.issuesByField,
    partRows: summary.parts.map((p) => p.rows).reduce((a, b) => a + b, 0),
  };
}

async function compare(
  text: string,
  threads: number,
  runSegment: SegmentRunner = inProcess,
  extra: Partial<PrepareOptions> = {},
): Promise<{ segments: number }> {
  const dir = await workspace();
  const input = path.join(dir, 'in.csv');
  await track(() => writeFile(input, text));
  const sequentialDir = path.join(dir, 'one');
  const one = await track(() => runPrepare({ ...optionsFor(input, sequentialDir), ...extra }, { columns: customerColumns, signal: jobSignal() }));
  const splitDir = path.join(dir, 'split');
  const plan = await track(() =>
    planSegments(optionsFor(input, splitDir), {
      columns: customerColumns,
      parallelism: threads,
      minSegmentBytes: Math.max(1, Math.floor(text.length / (threads + 1))),
    }),
  );
  if (!plan) throw new Error('expected a split plan');
  const split = await track(() => prepareInParallel({ ...optionsFor(input, splitDir), ...extra }, plan, { signal: jobSignal() }, runSegment));
  const expected = await outputs(sequentialDir, one);
  const actual = await outputs(splitDir, split);
  expect(actual.counts).toEqual(expected.counts);
  expect(actual.records).toEqual(expected.records);
  expect(actual.rejects).toBe(expected.rejects);
  expect(actual.warnings).toBe(expected.warnings);
  expect(actual.issuesByKind).toEqual(expected.issuesByKind);
  expect(actual.issuesByField).toEqual(expected.issuesByField);
  expect(actual.partRows).toBe(split.rowsWritten);
  expect(actual.names.filter((n) => n.startsWith('.'))).toEqual([]);
  return { segments: plan.starts.length };
}

function customerRow(i: number, notes: string, birth = '1990-01-01'): string[] {
  return [
    `C${i}`,
    'Ann',
    'Doe',
    `a${i}@example.com`,
    '+14155550000',
    birth,
    String(i),
    '1.5',
    'yes',
    '2024-01-02T03:04:05Z',
    'Paris',
    `${i} Main St, Apt 2`,
    '75001',
    'US',
    notes,
  ];
}

describe('prepareInParallel', () => {
  it('gives the sequential outputs when a quoted cell with many line breaks spans every split point', async () => {
    // Every other row carries a 30-line quoted note: most split points land inside one.
    const rows = Array.from({ length: 60 }, (_, i) =>
      customerRow(i, i % 2 === 0 ? Array.from({ length: 30 }, (_, l) => `note ${i}.${l}`).join('\n') : 'short'),
    );
    rows[7] = customerRow(7, 'bad date', '31/02/1990');
    const text = `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`;
    // Count the segments that had to read through a later split point (it sat inside quotes).
    let readThrough = 0;
    const spy: SegmentRunner = async (data, hooks) => {
      const result = await inProcess(data, hooks);
      const stops = data.range?.stops.length ?? 0;
      if (stops > 0 && result.rangeEnd?.stoppedAt !== 0) readThrough++;
      return result;
    };
    const { segments } = await compare(text, 4, spy);
    expect(segments).toBe(4);
    expect(readThrough).toBeGreaterThan(0);
  });

  it(
    'gives the sequential outputs for random files: quoted line breaks, stray quotes, ragged rows, blank lines, CRLF',
    async () => {
      const note = fc.oneof(
        fc.constantFrom('plain', 'with, comma', 'say "hi"', '', 'multi\nline\nnote', '\n\n\n'),
        fc.array(fc.constantFrom('a', 'b', '\n', ',', '"', ' '), { maxLength: 40 }).map((cs) => cs.join('')),
      );
      const line = fc.oneof(
        {
          weight: 8,
          arbitrary: fc
            .tuple(fc.nat(10_000), note, fc.constantFrom('1990-01-01', '31/02/1990', ''))
            .map(([i, n, b]) => Papa.unparse([customerRow(i, n, b)], { newline: '\n' })),
        },
        { weight: 1, arbitrary: fc.constantFrom('C1,"unclosed,Doe', 'C2,Ann"x",Doe', '', 'C3,too,few', 'x,"a""b",c') },
      );
      let splitRuns = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(line, { minLength: 8, maxLength: 60 }), fc.boolean(), fc.integer({ min: 2, max: 4 }), async (lines, crlf, threads) => {
          const body = `${customerColumns.join(',')}\n${lines.join('\n')}\n`;
          const text = crlf ? body.replace(/\n/g, '\r\n') : body;
          const { segments } = await compare(text, threads);
          if (segments > 1) splitRuns++;
        }),
        { numRuns: 40 },
      );
      expect(splitRuns).toBeGreaterThan(20);
    },
    CPU_BOUND_MS,
  );

  it('lists the same rejects and rows with warnings as one pass when their number is capped, whichever segments they fall in', async () => {
    // Rejects and rows with warnings (no identity) in every segment; the cap falls inside the first segment, then inside a later one.
    const rows = Array.from({ length: 400 }, (_, i) => {
      const row = customerRow(i, i % 7 === 0 ? 'two\nlines' : 'note', i % 9 === 4 ? '31/02/1990' : '1990-01-01');
      if (i % 11 === 3) row[0] = '';
      return row;
    });
    const text = `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`;
    for (const cap of [0, 5, 30, 1000]) {
      const { segments } = await compare(text, 4, inProcess, { maxRejectsListed: cap });
      expect(segments).toBe(4);
    }
  });

  it('keeps what the chain completed when cancelled, with the invariant intact', async () => {
    const dir = await workspace();
    const input = path.join(dir, 'in.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => customerRow(i, 'note'));
    await track(() => writeFile(input, `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`));
    const outDir = path.join(dir, 'out');
    const plan = await track(() => planSegments(optionsFor(input, outDir), { columns: customerColumns, parallelism: 3, minSegmentBytes: 1024 }));
    if (!plan) throw new Error('expected a split plan');
    const controller = new AbortController();
    // The last segment is cancelled as soon as it starts: the chain ends before it.
    const runner: SegmentRunner = (data, hooks) => {
      if (data.range && data.range.start === plan.starts[2]) controller.abort();
      return inProcess(data, hooks);
    };
    const summary = await track(() => prepareInParallel(optionsFor(input, outDir), plan, { signal: jobSignal(controller.signal) }, runner));
    expect(summary.status).toBe('cancelled');
    expect(summary.invariantHolds).toBe(true);
    expect(summary.rowsRead).toBeLessThan(3000);
    expect((await readParts(outDir)).length).toBe(summary.rowsWritten);
    expect((await readdir(outDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('counts the rows every segment read when cancelled before any segment completed, though no part is kept', async () => {
    const dir = await workspace();
    const input = path.join(dir, 'in.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => customerRow(i, 'note'));
    await track(() => writeFile(input, `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`));
    const outDir = path.join(dir, 'out');
    const plan = await track(() => planSegments(optionsFor(input, outDir), { columns: customerColumns, parallelism: 3, minSegmentBytes: 1024 }));
    if (!plan) throw new Error('expected a split plan');
    const controller = new AbortController();
    // Every segment is cancelled once the first one has written a row: none completes its range.
    const runner: SegmentRunner = (data, hooks) =>
      inProcess(data, {
        ...hooks,
        onProgress: (p) => {
          hooks.onProgress?.(p);
          if (data.range?.start === plan.starts[0] && p.rowsWritten > 0) controller.abort();
        },
      });
    const summary = await track(() => prepareInParallel(optionsFor(input, outDir), plan, { signal: jobSignal(controller.signal) }, runner));
    expect(summary.status).toBe('cancelled');
    expect(summary.parts).toEqual([]);
    expect(summary.rowsRead).toBeGreaterThan(0);
    expect(summary.rowsWritten).toBeGreaterThan(0);
    expect(summary.invariantHolds).toBe(true);
    expect(summary.rowsRead).toBeLessThan(3000);
  });

  it(
    'splits a large file over real worker threads through startPrepareWorker',
    async () => {
      const dir = await workspace();
      const input = path.join(dir, 'in.csv');
      const rows = Array.from({ length: 4000 }, (_, i) => customerRow(i, i % 3 === 0 ? 'two\nlines' : 'note', i % 50 === 7 ? '31/02/1990' : '1990-01-01'));
      await track(() => writeFile(input, `${customerColumns.join(',')}\n${Papa.unparse(rows, { newline: '\n' })}\n`));
      const progress: number[] = [];
      const summary = await track(() =>
        startPrepareWorker(
          { ...optionsFor(input, path.join(dir, 'out')), targetPartBytes: 200 * 1024 },
          { columns: customerColumns, parallelism: 2, minSegmentBytes: 64 * 1024, onProgress: (p) => progress.push(p.bytesRead), signal: jobSignal() },
        ),
      );
      const one = await track(() =>
        runPrepare({ ...optionsFor(input, path.join(dir, 'one')), targetPartBytes: 200 * 1024 }, { columns: customerColumns, signal: jobSignal() }),
      );
      expect(summary.rowsRead).toBe(4000);
      expect([summary.rowsWritten, summary.rowsRejected]).toEqual([one.rowsWritten, one.rowsRejected]);
      expect(await readParts(path.join(dir, 'out'))).toEqual(await readParts(path.join(dir, 'one')));
      expect(await readFile(path.join(dir, 'out', 'rejects.csv'), 'utf8')).toBe(await readFile(path.join(dir, 'one', 'rejects.csv'), 'utf8'));
      expect(summary.parts.map((p) => p.file)).toEqual(summary.parts.map((_, i) => `part-${String(i + 1).padStart(5, '0')}.json`));
      expect(progress.at(-1)).toBe(summary.parts.length > 0 ? (await readFile(input)).length : 0);
    },
    CPU_BOUND_MS,
  );
});
