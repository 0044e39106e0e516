import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { resolveUploadInput } from '../../src-main/core/jobs/upload/upload-input';
import { writeFileAtomic } from '../../src-main/core/settings/atomic-write';
import { runInProcess } from '../cli/cli-harness';
import { customerMapping, customerSchema, tempDir } from '../core/jobs/prepare/fixtures';
import { writeLarge } from './large-files';
import { spawnPrepare } from './prepare-child';

/** The smaller edges of issue 17: output folders that cannot be made, a killed run's folder, a mapping that maps nothing. */

let work: { dir: string; cleanup: () => Promise<void> };
let csv: string;
let schema: string;
let mapping: string;
beforeAll(async () => {
  work = await tempDir();
  csv = path.join(work.dir, 'in.csv');
  await writeFile(csv, 'customer_id,first_name\nc1,Ada\n');
  schema = path.join(work.dir, 'schema.json');
  await writeFile(schema, JSON.stringify(customerSchema.schema));
  mapping = path.join(work.dir, 'map.json');
  await writeFile(mapping, JSON.stringify({ ...customerMapping, rules: customerMapping.rules.slice(0, 2) }));
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

describe('a prepare killed with SIGKILL', () => {
  it('into a folder that held a completed run leaves no summary, so the folder does not look complete and is not uploaded', async () => {
    const out = path.join(work.dir, 'killed');
    expect((await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', out])).code).toBe(0);
    const summary = path.join(out, 'summary.json');
    expect(existsSync(summary)).toBe(true);
    // 40 MB of rows: still running when killed, on any machine.
    const big = path.join(work.dir, 'big.csv');
    await writeLarge(big, 'customer_id,first_name\n', 'c1,Ada\n', 40 * 1024 * 1024, '');
    const run = spawnPrepare([big, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1']);
    let ended = false;
    void run.exit.then(() => (ended = true));
    // The run removes the earlier summary before it writes anything; kill it while it writes.
    await expect.poll(() => existsSync(summary) || ended, { timeout: 60_000, interval: 20 }).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    expect(existsSync(summary)).toBe(false);
    await expect(resolveUploadInput(out)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('has no summary.json') as string });
  }, 120_000);
});
