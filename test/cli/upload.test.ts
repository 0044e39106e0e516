import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedSandbox } from '../../src-main/host/embedded-sandbox';
import { customerRecord, writeParquetCustomers, writePrepared } from '../core/jobs/upload/upload-harness';
import { runInProcess } from './cli-harness';

/**
 * `xdm-loader upload`, `status` and `failed` with the default (built-in Local sandbox) connection,
 * in-process: the emulator starts inside the command, as for a user with no AEP account.
 */
let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-cli-upload-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

async function run(args: string[]) {
  const sandbox = createEmbeddedSandbox({ dataDir: () => home });
  return runInProcess(args, 160, { dataDir: () => home, localSandbox: () => sandbox.endpoint(), dispose: () => sandbox.close() });
}

async function customersDataset(): Promise<string> {
  const result = await run(['datasets', '--json']);
  const datasets = JSON.parse(result.stdout) as Array<{ id: string; name: string }>;
  const found = datasets.find((d) => d.name === 'XDM Loader Customers');
  if (!found) throw new Error('no Customers dataset');
  return found.id;
}

describe('xdm-loader upload, status and failed', () => {
  it('uploads a prepared folder, prints the batch as JSON, then reports it on a second run', async () => {
    const datasetId = await customersDataset();
    const prepared = await writePrepared(home, 'ok', { parts: 3, rowsPerPart: 40, padding: 80 });
    const first = await run([
      'upload',
      prepared.dir,
      '--dataset',
      datasetId,
      '--chunk-size',
      '0.004',
      '--single-put-max',
      '0.008',
      '--poll-interval',
      '50',
      '--json',
    ]);
    // Notes (here: confirmation starting) go to stderr with --json; no error does.
    expect(first.stderr).not.toMatch(/xdm-loader:/);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { batchId: string; status: string; recordsWritten: number; recordsFailed: number };
    expect(result).toMatchObject({
      status: 'success',
      recordsWritten: prepared.rows,
      recordsFailed: 0,
      confirmation: { status: 'confirmed', found: 10, missing: 0 },
    });

    const status = await run(['status', result.batchId, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ batchId: result.batchId, status: 'success', recordsWritten: prepared.rows, recordsFailed: 0 });

    const second = await run(['upload', prepared.dir, '--dataset', datasetId, '--poll-interval', '50']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already finished');
    expect(second.stdout).toContain(`Already uploaded: batch ${result.batchId} success`);
    expect(second.stdout).toMatch(/Records written\s+120/);
    expect(second.stdout).toContain('Confirmation in Profile: 10 of 10 sampled identities found (confirmed).');

    const third = await run(['upload', prepared.dir, '--dataset', datasetId, '--poll-interval', '50', '--no-confirm', '--json']);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ reported: true, batchId: result.batchId, confirmation: null });
  }, 60_000);

  it('uploads one Parquet XDM file without preparation, as a parquet batch with the exact count', async () => {
    const datasetId = await customersDataset();
    const file = path.join(home, 'customers-xdm.parquet');
    await writeParquetCustomers(file, 53, 9000);
    const upload = await run(['upload', file, '--dataset', datasetId, '--poll-interval', '50', '--json']);
    expect(upload.stderr).not.toMatch(/xdm-loader:/);
    expect(upload.code).toBe(0);
    const result = JSON.parse(upload.stdout) as { batchId: string; jobDir: string };
    expect(result).toMatchObject({ status: 'success', recordsExpected: 53, recordsWritten: 53, recordsFailed: 0, confirmation: { status: 'confirmed' } });
    // The batch was created for Parquet, with the file under its own name.
    const journal = (await readFile(path.join(result.jobDir, 'journal.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(journal[0]).toMatchObject({ t: 'run', format: 'parquet', parts: [{ name: 'customers-xdm.parquet', rows: 53 }] });
    const status = await run(['status', result.batchId, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'success', recordsWritten: 53, recordsFailed: 0 });
  }, 60_000);

  it('uploads one .json file holding a JSON array as a multi-line JSON batch with the exact count', async () => {
    const datasetId = await customersDataset();
    // Pretty-printed, as exports usually are: one record spans many lines, so lines are not records.
    const records = Array.from({ length: 41 }, (_, i) => JSON.parse(customerRecord(12_000 + i)) as unknown);
    const file = path.join(home, 'customers-array.json');
    await writeFile(file, `\n  ${JSON.stringify(records, null, 2)}\n`);
    const upload = await run(['upload', file, '--dataset', datasetId, '--poll-interval', '50', '--json']);
    expect(upload.stderr).not.toMatch(/xdm-loader:/);
    expect(upload.code).toBe(0);
    const result = JSON.parse(upload.stdout) as { batchId: string; jobDir: string };
    expect(result).toMatchObject({ status: 'success', recordsExpected: 41, recordsWritten: 41, recordsFailed: 0, confirmation: { status: 'confirmed' } });
    // The batch was created for JSON arrays (the journal keeps the form a resume must create it with).
    const journal = (await readFile(path.join(result.jobDir, 'journal.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(journal[0]).toMatchObject({ t: 'run', format: 'json', multiLineJson: true, parts: [{ name: 'customers-array.json', rows: 41 }] });
    // Catalog shows the batch with the same count.
    const status = await run(['status', result.batchId, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ batchId: result.batchId, status: 'success', recordsWritten: 41, recordsFailed: 0 });
  }, 60_000);

  it('refuses a .json file whose JSON array is cut short, before creating a batch', async () => {
    const datasetId = await customersDataset();
    const file = path.join(home, 'cut-array.json');
    await writeFile(file, `[${customerRecord(1)},\n${customerRecord(2)}`);
    const upload = await run(['upload', file, '--dataset', datasetId, '--poll-interval', '50', '--json']);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toMatch(/cut-array\.json: invalid JSON: the file ends before the array is closed/);
  }, 60_000);

  it('fails on a failing batch, says why, and `failed` downloads its records', async () => {
    const datasetId = await customersDataset();
    const prepared = await writePrepared(home, 'bad', { parts: 1, rowsPerPart: 30, badEvery: 5, firstId: 5000 });
    const upload = await run(['upload', prepared.dir, '--dataset', datasetId, '--poll-interval', '50']);
    expect(upload.code).toBe(1);
    expect(upload.stdout).toMatch(/batch \S+ failed/);
    expect(upload.stdout).toMatch(/Records failed\s+6/);
    expect(upload.stderr).toMatch(/xdm-loader: Batch \S+ failed/);
    const batchId = /batch (\S+) failed/.exec(upload.stdout)?.[1] as string;

    const status = await run(['status', batchId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Batch ${batchId}: failed`);
    expect(status.stdout).toContain(`xdm-loader failed ${batchId}`);

    const out = path.join(home, 'failed-out');
    const failed = await run(['failed', batchId, '--out', out]);
    expect(failed.code).toBe(0);
    const files = await readdir(out);
    expect(files.length).toBeGreaterThan(0);
    const text = (await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')))).join('');
    expect(text.split('\n').filter((l) => l.includes('_validationErrors'))).toHaveLength(6);
  }, 60_000);

  it('rejects a bad --concurrency as a usage error', async () => {
    const result = await run(['upload', home, '--dataset', 'x', '--concurrency', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/concurrency/);
  });
});
