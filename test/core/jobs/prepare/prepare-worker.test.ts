import { writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareWorkerLocation, startPrepareWorker } from '../../../../src-main/core/jobs/prepare/start-prepare-worker';
import { customerColumns, customerMapping, customerSchema, readParts, tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function input(rows: number): Promise<{ dir: string; file: string }> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  const data = Array.from({ length: rows }, (_, i) => customerColumns.map((c) => (c === 'customer_id' ? `c${i}` : c === 'birth_date' ? '1990-01-01' : c === 'loyalty_points' ? String(i) : c === 'email' ? `u${i}@example.com` : 'x')));
  const file = path.join(t.dir, 'in.csv');
  await writeFile(file, `${Papa.unparse([customerColumns, ...data], { newline: '\n' })}\n`);
  return { dir: t.dir, file };
}

describe('prepareWorkerLocation', () => {
  it('loads the TypeScript entry from sources and the bundled entry from dist', () => {
    expect(prepareWorkerLocation('file:///app/src-main/core/jobs/prepare/start-prepare-worker.ts')).toEqual({
      url: new URL('file:///app/src-main/core/jobs/prepare/prepare-worker.ts'),
      typescript: true,
    });
    expect(prepareWorkerLocation('file:///app/dist/cli/xdm-loader.mjs')).toEqual({ url: new URL('file:///app/dist/workers/prepare-worker.mjs'), typescript: false });
  });
});

describe('startPrepareWorker', () => {
  it('runs the job in a worker thread and reports progress', async () => {
    const { dir, file } = await input(300);
    const progress: number[] = [];
    const summary = await startPrepareWorker(
      { inputPath: file, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(dir, 'out') },
      { onProgress: (p) => progress.push(p.rowsRead) },
    );
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 300, rowsWritten: 300, rowsRejected: 0, invariantHolds: true });
    expect(progress[progress.length - 1]).toBe(300);
    expect((await readParts(path.join(dir, 'out'))).length).toBe(300);
  }, 60_000);

  it('cancels through an AbortSignal and leaves partial outputs marked', async () => {
    const { dir, file } = await input(60_000);
    const controller = new AbortController();
    const summary = await startPrepareWorker(
      { inputPath: file, schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(dir, 'out') },
      { signal: controller.signal, onProgress: (p) => p.rowsRead > 0 && controller.abort() },
    );
    expect(summary.status).toBe('cancelled');
    expect(summary.rowsRead).toBeLessThan(60_000);
    expect(summary.invariantHolds).toBe(true);
    expect((await readdir(path.join(dir, 'out'))).some((f) => f.endsWith('.partial'))).toBe(true);
  }, 60_000);

  it('rejects with the coded error when the file cannot be read', async () => {
    const t = await tempDir();
    cleanups.push(t.cleanup);
    await expect(
      startPrepareWorker({ inputPath: path.join(t.dir, 'nope.csv'), schema: customerSchema.schema, mapping: customerMapping, outDir: path.join(t.dir, 'out') }),
    ).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  }, 60_000);
});
