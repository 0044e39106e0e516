import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { writeFileAtomic } from '../../src-main/core/settings/atomic-write';
import { runInProcess } from '../cli/cli-harness';
import { customerSchema, tempDir } from '../core/jobs/prepare/fixtures';
import { writePrepareInputs } from './prepare-inputs';

/**
 * The smaller edges of issue 17: output folders that cannot be made, a mapping that maps nothing.
 * A killed run's folder is in killed-prepare.test.ts (a `slow` file: it kills a process mid-write).
 */

let work: { dir: string; cleanup: () => Promise<void> };
let csv: string;
let schema: string;
let mapping: string;
beforeAll(async () => {
  work = await tempDir();
  ({ csv, schema, mapping } = await writePrepareInputs(work.dir));
});
afterAll(async () => {
  await work.cleanup();
});

describe('output folders that cannot be made', () => {
  it.skipIf(!existsSync('/proc/self'))(
    'prepare --out /proc/x ends at once with one line (it used to loop until killed)',
    async () => {
      const run = await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', '/proc/x', '--threads', '1']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('xdm-loader: Cannot write /proc/x: the file system there does not take new folders.\n');
    },
    30_000,
  );

  it.skipIf(!existsSync('/proc/self'))(
    'suggest --out /proc/x/map.json likewise',
    async () => {
      const run = await runInProcess(['suggest', csv, '--schema', schema, '--out', '/proc/x/map.json']);
      expect(run.code).toBe(1);
      // The folder that could not be made is named.
      expect(run.stderr).toBe('xdm-loader: Cannot write /proc/x: the file system there does not take new folders.\n');
    },
    30_000,
  );

  it.skipIf(!existsSync('/proc/self'))(
    'an atomic write (settings, batch outcomes) below /proc/x likewise',
    async () => {
      await expect(writeFileAtomic('/proc/x/settings.json', '{}')).rejects.toMatchObject({ path: '/proc/x' });
    },
    10_000,
  );

  it('an output folder below a file is refused naming the file', async () => {
    const run = await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', path.join(csv, 'out'), '--threads', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`xdm-loader: Cannot write ${path.join(csv, 'out')}: a part of the path is a file, not a folder (ENOTDIR).\n`);
  }, 30_000);
});

describe('a mapping that maps nothing', () => {
  it('is refused before any output, instead of writing {} records', async () => {
    const out = path.join(work.dir, 'empty-mapping');
    await expect(
      runPrepare({ inputPath: csv, schema: customerSchema.schema, mapping: { version: 1, rules: [], identities: [] }, outDir: out }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('no rules and no identities') as string,
    });
    expect(existsSync(out)).toBe(false);
  });
});
