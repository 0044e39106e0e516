import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './cli-harness';

/** `xdm-loader inspect` in-process. The bundle, spawned once per case, is tested in inspect-bundle.test.ts (a `slow` file). */

const sample = (name: string): string => path.join('assets', 'samples', name);

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
