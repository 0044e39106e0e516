import { access, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocalUpload } from '../../src-main/core/jobs/upload/index';
import { uploadState } from '../../src-main/core/services/upload-listing';
import { writePrepared } from '../core/jobs/upload/upload-harness';
import { journalOf, spawnUpload, type UploadJson, type UploadChild, useUploadChildFixture } from './upload-child';

/**
 * The upload job's lock as people meet it (issue 17): `xdm-loader upload` killed with SIGKILL
 * frees its job at once (the same command right after resumes, no "already running in process
 * N"), a pid note naming a process that is alive but holds nothing blocks nothing, and the
 * pid-holding `lock` file of earlier versions neither blocks nor stays behind.
 * The holder is a real upload, kept in the middle of its run by a long Retry-After it waits out.
 */
const f = useUploadChildFixture();
const HOLD = ['--wait-retry-after', '--no-confirm', '--poll-interval', '50'];

/** A run of the upload of `dir` stopped inside its run (its lock held) by a 600 s Retry-After on its PUT. */
async function holdingRun(dir: string): Promise<UploadChild> {
  f.h.sandbox.faults.configure({
    rules: [{ action: 'status', status: 429, retryAfterSeconds: 600, path: '/data/foundation/import/batches', method: 'PUT', times: 1 }],
  });
  const run = spawnUpload(f, dir, HOLD);
  expect(await run.stderrLine(/asked to wait 600 s/)).toBeDefined();
  return run;
}

/** The job folder of the upload of `dir`. */
async function jobDirOf(dir: string): Promise<string> {
  const jobs = path.join(f.home, 'jobs');
  for (const name of await readdir(jobs)) {
    const upload = await readLocalUpload(path.join(jobs, name));
    if (upload?.input === dir) return upload.jobDir;
  }
  throw new Error(`no job folder for ${dir}`);
}

describe('the upload job lock, through the CLI', () => {
  it('a run killed with SIGKILL frees the job at once: the same command right after resumes it', async () => {
    const prepared = await writePrepared(f.h.dir, 'killed-holder', { parts: 1, rowsPerPart: 10, firstId: 10_000 });
    const holder = await holdingRun(prepared.dir);
    const jobDir = await jobDirOf(prepared.dir);
    // While it lives, a second run is refused and the listing says it runs.
    const second = await spawnUpload(f, prepared.dir, HOLD).exit;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`This upload is already running in process ${String(holder.child.pid)}; wait for it, or stop it first.`);
    expect(await uploadState((await readLocalUpload(jobDir))!, [])).toEqual({ state: 'running' });

    holder.child.kill('SIGKILL');
    expect((await holder.exit).signal).toBe('SIGKILL');
    // Its pid note stays behind (it could not clean up) and decides nothing.
    await access(path.join(jobDir, 'job.lock.pid'));
    expect(await uploadState((await readLocalUpload(jobDir))!, [])).toEqual({ state: 'interrupted' });
    const resumed = await spawnUpload(f, prepared.dir, HOLD).exit;
    expect(resumed.stderr).not.toMatch(/already running/);
    expect(resumed.code, resumed.stderr).toBe(0);
    const batchId = /"t":"batch-created"[^\n]*"batchId":"([^"]+)"/.exec(await journalOf(f.home, prepared.dir))?.[1];
    expect(JSON.parse(resumed.stdout) as UploadJson).toMatchObject({ batchId, status: 'success', recordsWritten: prepared.rows, resumed: true });
  }, 90_000);

  it("a pid note and an earlier version's `lock` naming a live process block nothing, and that `lock` is removed", async () => {
    const prepared = await writePrepared(f.h.dir, 'stale-notes', { parts: 1, rowsPerPart: 10, firstId: 20_000 });
    const holder = await holdingRun(prepared.dir);
    const jobDir = await jobDirOf(prepared.dir);
    holder.child.kill('SIGKILL');
    await holder.exit;
    // This test's own process is alive and holds nothing: the pid a reboot could have handed on.
    await writeFile(path.join(jobDir, 'job.lock.pid'), String(process.pid));
    await writeFile(path.join(jobDir, 'lock'), String(process.pid));
    expect(await uploadState((await readLocalUpload(jobDir))!, [])).toEqual({ state: 'interrupted' });
    const resumed = await spawnUpload(f, prepared.dir, HOLD).exit;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout) as UploadJson).toMatchObject({ status: 'success', recordsWritten: prepared.rows, resumed: true });
    await expect(access(path.join(jobDir, 'lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 90_000);
});
