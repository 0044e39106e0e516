import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileInspection } from '../../src-shared/domain/inspection';
import { buildCliBundle, repoRoot, runBundle } from './cli-harness';

/**
 * The shipped CLI file (src-main/cli/main.ts bundled as scripts/build.mjs does) starts, reads its
 * version, inspects and exits with the right codes. In the `slow` project: a whole process per case.
 */

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
