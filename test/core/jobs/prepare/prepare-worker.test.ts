import { existsSync } from 'node:fs';
import { writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { PREPARE_WORKER_FILES, startPrepareWorker } from '../../../../src-main/core/jobs/prepare/start-prepare-worker';
import { locateWorker } from '../../../../src-main/core/workers/index';
import { customerColumns, customerMapping, customerSchema, readParts, tempDir } from './fixtures';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function input(rows: number): Promise<{ dir: string; file: string }> {
  const t = await tempDir();
  cleanups.push(t.cleanup);
  const data = Array.from({ length: rows }, (_, i) =>
    customerColumns.map((c) =>
      c === 'customer_id' ? `c${i}` : c === 'birth_date' ? '1990-01-01' : c === 'loyalty_points' ? String(i) : c === 'email' ? `u${i}@example.com` : 'x',
    ),
  );
  const file = path.join(t.dir, 'in.csv');
  await writeFile(file, `${Papa.unparse([customerColumns, ...data], { newline: '\n' })}\n`);
  return { dir: t.dir, file };
}

describe('the prepare worker script', () => {
  it('is the TypeScript entry from sources and dist/workers/prepare-worker.mjs once built (unpacked from an asar first)', () => {
    const caller = new URL('../../../../src-main/core/jobs/prepare/prepare-thread.ts', import.meta.url).href;
    expect(locateWorker(caller, PREPARE_WORKER_FILES, existsSync, null)).toMatchObject({ kind: 'source', url: new URL('./prepare-worker.ts', caller) });
    // The test suite's bundles of these sources, when it names their folder.
    const prebuilt = locateWorker(caller, PREPARE_WORKER_FILES, (f) => f === '/run/workers/prepare-worker.mjs', '/run/workers');
    expect(prebuilt).toEqual({ kind: 'bundle', url: new URL('file:///run/workers/prepare-worker.mjs') });
    expect(locateWorker(caller, PREPARE_WORKER_FILES, () => false, '/run/workers')).toMatchObject({ kind: 'source' });
    const seen: string[] = [];
    const built = locateWorker('file:///app/dist/cli/xdm-loader.mjs', PREPARE_WORKER_FILES, (f) => (seen.push(f), f.endsWith('prepare-worker.mjs')));
    expect(built).toEqual({ kind: 'bundle', url: new URL('file:///app/dist/workers/prepare-worker.mjs') });
    const packaged = locateWorker('file:///r/app.asar/dist/main/main.mjs', PREPARE_WORKER_FILES, (f) => f.includes('app.asar.unpacked'));
    expect(packaged).toEqual({ kind: 'bundle', url: new URL('file:///r/app.asar.unpacked/dist/workers/prepare-worker.mjs') });
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
