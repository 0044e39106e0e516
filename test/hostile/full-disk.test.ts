import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { runPrepareJob } from '../../src-main/core/jobs/prepare/prepare-job';
import type { PrepareOptions } from '../../src-main/core/jobs/prepare/prepare-types';
import { runInProcess } from '../cli/cli-harness';
import { customerColumns, customerMapping, customerSchema, tempDir } from '../core/jobs/prepare/fixtures';
import { mountSmallDisk } from './small-disk';
import type { SmallDisk } from './small-disk';

/**
 * Prepare onto a disk that fills up (a 1 MiB tmpfs): every run ends, with one line naming the
 * cause and the file, and leaves no summary.json that could mark the folder complete.
 */

// Probed once: where no tmpfs can be mounted, the whole suite is skipped with the reason.
const probe: SmallDisk = await mountSmallDisk(1024);
if ('dir' in probe) await probe.unmount();
const canMount = 'dir' in probe;
const unmounts: Array<() => Promise<void>> = [];
let work: { dir: string; cleanup: () => Promise<void> };
let bigCsv: string;
let smallCsv: string;
let rejectedCsv: string;

function rows(n: number, birthDate: string): string[][] {
  const fixed = new Map([
    ['birth_date', birthDate],
    ['loyalty_points', '120'],
    ['lifetime_value', '10.5'],
    ['opted_in', 'yes'],
    ['last_purchase_at', '2024-03-01T10:00:00Z'],
  ]);
  return Array.from({ length: n }, (_, i) =>
    customerColumns.map((c) => (c === 'customer_id' ? `c${i}` : c === 'email' ? `p${i}@example.com` : (fixed.get(c) ?? `${c}-${i}`))),
  );
}

beforeAll(async () => {
  work = await tempDir();
  // About 8 MB of JSON Lines: more than the sink keeps in flight, so it has to wait for 'drain'.
  bigCsv = path.join(work.dir, 'big.csv');
  await writeFile(bigCsv, Papa.unparse([customerColumns, ...rows(20_000, '1990-01-01')], { newline: '\n' }));
  smallCsv = path.join(work.dir, 'small.csv');
  await writeFile(smallCsv, Papa.unparse([customerColumns, ...rows(3, '1990-01-01')], { newline: '\n' }));
  // Every row rejected: the rejects file is what fills the disk.
  rejectedCsv = path.join(work.dir, 'rejected.csv');
  await writeFile(rejectedCsv, Papa.unparse([customerColumns, ...rows(20_000, 'not a date')], { newline: '\n' }));
});

afterAll(async () => {
  await work.cleanup();
});

afterEach(async () => {
  while (unmounts.length > 0) await unmounts.pop()?.();
});

/** A fresh disk of `kib` KiB for one test, so one test's output does not fill the next one's. */
async function freshDisk(kib = 1024): Promise<string> {
  const disk = await mountSmallDisk(kib);
  if (!('dir' in disk)) throw new Error(disk.skip);
  unmounts.push(disk.unmount);
  return disk.dir;
}

function options(inputPath: string, outDir: string, extra: Partial<PrepareOptions> = {}): PrepareOptions {
  return { inputPath, schema: customerSchema.schema, mapping: customerMapping, outDir, ...extra };
}

const FULL = /^Cannot write \S+: the disk is full \(ENOSPC\)\.$/;

describe.skipIf(!canMount)('prepare onto a full disk', () => {
  const dir = async (name: string, kib?: number): Promise<string> => path.join(await freshDisk(kib), name);

  it('JSON Lines: stops with the file that could not be written, and writes no summary', async () => {
    const out = await dir('json');
    const error = await runPrepare(options(bigCsv, out)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'FILE_UNWRITABLE', message: expect.stringMatching(FULL), where: { file: expect.stringContaining(out) as string } });
    expect((error as Error).message).toContain('part-00001.json');
    expect(await readdir(out)).not.toContain('summary.json');
  }, 60_000);

  it('Parquet: the same', async () => {
    const out = await dir('parquet', 128);
    await expect(runPrepare(options(bigCsv, out, { format: 'parquet' }))).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: expect.stringMatching(FULL),
    });
    expect(await readdir(out)).not.toContain('summary.json');
  }, 60_000);

  it('a full disk while writing rejects.csv names that file', async () => {
    const out = await dir('rejects');
    await expect(runPrepare(options(rejectedCsv, out))).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: expect.stringMatching(/rejects\.csv: the disk is full/),
    });
    expect(await readdir(out)).not.toContain('summary.json');
  }, 60_000);

  it("a failed run into a folder that held a completed one removes that run's summary first", async () => {
    const out = await dir('reused');
    const first = await runPrepare(options(smallCsv, out));
    expect(first.status).toBe('completed');
    expect(await readdir(out)).toContain('summary.json');
    await expect(runPrepare(options(bigCsv, out))).rejects.toMatchObject({ code: 'FILE_UNWRITABLE' });
    expect(await readdir(out)).not.toContain('summary.json');
  }, 60_000);

  it('a job split over threads stops the same way', async () => {
    const out = await dir('threads');
    await expect(runPrepareJob(options(bigCsv, out), { parallelism: 2, minSegmentBytes: 64 * 1024 })).rejects.toMatchObject({
      code: 'FILE_UNWRITABLE',
      message: expect.stringMatching(FULL),
    });
    const left = await readdir(out);
    expect(left).not.toContain('summary.json');
    expect(left.filter((n) => n.startsWith('.segment-'))).toEqual([]);
  }, 60_000);

  it('the CLI prints one line naming cause and place, and exits non-zero', async () => {
    const out = await dir('cli');
    const schema = path.join(work.dir, 'schema.json');
    const mapping = path.join(work.dir, 'map.json');
    await writeFile(schema, JSON.stringify(customerSchema.schema));
    await writeFile(mapping, JSON.stringify(customerMapping));
    const run = await runInProcess(['prepare', bigCsv, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^xdm-loader: Cannot write \S+part-00001\.json\.partial: the disk is full \(ENOSPC\)\.\n$/);
  }, 60_000);

  it('suggest --out onto a full disk leaves the earlier mapping file whole', async () => {
    const out = await dir('suggest');
    const schema = path.join(work.dir, 'schema.json');
    await writeFile(schema, JSON.stringify(customerSchema.schema));
    await mkdir(out, { recursive: true });
    const map = path.join(out, 'map.json');
    // Smaller than the suggested mapping, so rewriting it in place would need more room.
    const earlier = `${JSON.stringify({ version: 1, rules: [], identities: [] })}\n`;
    await writeFile(map, earlier);
    // Fill what is left of the disk.
    await writeFile(path.join(out, 'filler'), Buffer.alloc(2 * 1024 * 1024)).catch(() => undefined);
    const run = await runInProcess(['suggest', smallCsv, '--schema', schema, '--out', map]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^xdm-loader: Cannot write \S+: the disk is full \(ENOSPC\)\.\n$/);
    expect(await readFile(map, 'utf8')).toBe(earlier);
  }, 60_000);
});
