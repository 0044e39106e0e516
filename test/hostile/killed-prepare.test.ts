import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUploadInput } from '../../src-main/core/jobs/upload/upload-input';
import { runInProcess } from '../cli/cli-harness';
import { tempDir } from '../core/jobs/prepare/fixtures';
import { writeLarge } from './large-files';
import { buildPrepareBundle, spawnPrepare } from './prepare-child';
import { writePrepareInputs } from './prepare-inputs';

/**
 * Issue 17's killed run: a prepare killed with SIGKILL while it rewrites a folder that held a
 * completed run. In the `slow` project: it writes 40 MB and kills a process running the CLI bundle.
 */

let work: { dir: string; cleanup: () => Promise<void> };
let csv: string;
let schema: string;
let mapping: string;
let bundle: { file: string; remove(): void };
beforeAll(async () => {
  [work, bundle] = await Promise.all([tempDir(), buildPrepareBundle()]);
  ({ csv, schema, mapping } = await writePrepareInputs(work.dir));
});
afterAll(async () => {
  bundle.remove();
  await work.cleanup();
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
    const run = spawnPrepare(bundle.file, [big, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1']);
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
