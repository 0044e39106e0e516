import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileInspection } from '../../src-shared/domain/inspection';
import { buildCliBundle, repoRoot, runBundle, runInProcess } from './cli-harness';

const sample = (name: string): string => path.join('assets', 'samples', name);

describe('xdm-loader (bundled, spawned)', () => {
  let bundle: { file: string; remove(): void };
  beforeAll(async () => {
    bundle = await buildCliBundle();
  });
  afterAll(() => bundle.remove());

  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(runBundle(bundle.file, ['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help listing the inspect command', () => {
    const run = runBundle(bundle.file, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: xdm-loader');
    expect(run.stdout).toMatch(/inspect \[options\] <file>/);
  });

  it('inspect --json on a CSV prints one FileInspection object', () => {
    const run = runBundle(bundle.file, ['inspect', sample('customers.csv'), '--json', '--rows', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(output).slice(0, 5)).toEqual(['format', 'encoding', 'delimiter', 'columns', 'rows']);
    const inspection = FileInspection.parse(output);
    expect(inspection).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true, totalRows: 300 });
    expect(inspection.rows).toHaveLength(3);
    expect(inspection.rows[0]?.[0]).toBe('C000001');
    expect(inspection.columns.find((column) => column.name === 'loyalty_points')?.type).toBe('integer');
  });

  it('inspect --json on Parquet', () => {
    const run = runBundle(bundle.file, ['inspect', sample('customers.parquet'), '--json']);
    expect(run.code).toBe(0);
    const inspection = FileInspection.parse(JSON.parse(run.stdout));
    expect(inspection).toMatchObject({ format: 'parquet', encoding: null, delimiter: null, totalRows: 300 });
    expect(inspection.rows).toHaveLength(100);
    expect(inspection.columns.find((column) => column.name === 'birth_date')?.type).toBe('date');
  });

  it('a missing file: message on stderr, exit 1, no stack trace', () => {
    const run = runBundle(bundle.file, ['inspect', 'no/such/file.csv']);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'xdm-loader: no/such/file.csv: file not found\n' });
  });

  it('a usage error exits 2', () => {
    const run = runBundle(bundle.file, ['inspect', sample('customers.csv'), '--rows', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^xdm-loader: option '--rows <n>' argument 'many' is invalid/);
  });
});

describe('xdm-loader inspect (in-process)', () => {
  it('prints a readable summary: facts, columns with types, first rows', async () => {
    const run = await runInProcess(['inspect', sample('customers.tsv'), '--rows', '2']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(sample('customers.tsv'));
    expect(run.stdout).toMatch(/Format\s+TSV \(tab-separated\)/);
    expect(run.stdout).toMatch(/Encoding\s+UTF-8\n/);
    expect(run.stdout).toMatch(/Delimiter\s+tab\n/);
    expect(run.stdout).toMatch(/Rows\s+20\n/);
    expect(run.stdout).toMatch(/\n\s+7\s+loyalty_points\s+integer\s+0%\n/);
    expect(run.stdout).toContain('First 2 row(s)');
    expect(run.stdout).toMatch(/C000002\s+Łukasz/);
  });

  it('leaves out the columns that do not fit the width, and says so', async () => {
    const run = await runInProcess(['inspect', sample('customers.csv'), '--rows', '1'], 60);
    const header = run.stdout.split('First 1 row(s)\n')[1]?.split('\n')[0] ?? '';
    expect(header.length).toBeLessThanOrEqual(60);
    expect(run.stdout).toMatch(/… and \d+ more column\(s\); use --json to see every cell/);
  });

  it('shows warnings', async () => {
    const run = await runInProcess(['inspect', path.join('test', 'fixtures', 'inspect', 'ragged.csv')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Warnings\n\s+! 1 of the first 3 rows do not have 3 fields \(first on line 3, with 2\)/);
  });

  it('prints the usage on stderr and exits 2 without arguments', async () => {
    const run = await runInProcess([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: xdm-loader');
  });

  it('reports an unknown command', async () => {
    const run = await runInProcess(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^xdm-loader: unknown command 'frobnicate'/);
  });

  it('reports a binary file with exit 1', async () => {
    const run = await runInProcess(['inspect', path.join('test', 'fixtures', 'inspect', 'not-a-table.xlsx')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^xdm-loader: .*not-a-table\.xlsx: not a text or Parquet file; it looks like a ZIP archive/);
  });
});
