import { describe, expect, it } from 'vitest';
import { getBatch } from '../../src-main/core/platform/catalog';
import { writePrepared } from '../core/jobs/upload/upload-harness';
import { journalOf, spawnUpload, type UploadJson, useUploadChildFixture } from './upload-child';

/**
 * `xdm-loader upload --wait-retry-after` waiting out a real Retry-After longer than the retry
 * budget (issue 17): the Local sandbox's fault switch answers a part's PUT with 429 and a
 * Retry-After of some seconds, and the hidden `--retry-budget` makes that "beyond the budget" (the
 * default budget is 120 s, so the real case is minutes). The CLI, as the real bundle in a child
 * process, shows the wait and when it resumes, then finishes the upload; Ctrl-C (SIGINT) during
 * the wait stops it cleanly, and the same command then resumes the same batch.
 */
const f = useUploadChildFixture();
/** A budget of 2 s: a Retry-After of 4 s is beyond it. */
const OPTIONS = ['--wait-retry-after', '--retry-budget', '2', '--no-confirm', '--poll-interval', '50'];
const PUT_FILE = '/data/foundation/import/batches';

const WAIT_LINE =
  /^ {2}Batch Ingestion answered 429 and asked to wait (\d+) s: waiting until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) \(Ctrl\+C stops; the same command resumes\)\.$/;

describe('upload --wait-retry-after', () => {
  it('shows the wait and when it resumes, waits it out and completes the upload', async () => {
    const prepared = await writePrepared(f.h.dir, 'waits', { parts: 1, rowsPerPart: 20, firstId: 1_000 });
    f.h.sandbox.faults.configure({ rules: [{ action: 'status', status: 429, retryAfterSeconds: 4, path: PUT_FILE, method: 'PUT', times: 1 }] });
    const started = Date.now();
    const run = spawnUpload(f, prepared.dir, OPTIONS);
    const line = await run.stderrLine(WAIT_LINE);
    const shownAt = Date.now();
    const outcome = await run.exit;
    const ended = Date.now();
    expect(outcome.code, outcome.stderr).toBe(0);
    const [, seconds, until] = WAIT_LINE.exec(line ?? '') ?? [];
    expect(seconds).toBe('4');
    // The resume time is the wall clock when the wait was shown plus the wait (to the second).
    expect(Date.parse(until ?? '')).toBeGreaterThanOrEqual(Math.floor((started + 4000) / 1000) * 1000);
    expect(Date.parse(until ?? '')).toBeLessThanOrEqual(shownAt + 4000);
    // It did wait (the budget alone would have stopped after 2 s at most).
    expect(ended - started).toBeGreaterThanOrEqual(4000);
    expect(outcome.stderr).not.toMatch(/internal error|Try again after/);
    const result = JSON.parse(outcome.stdout) as UploadJson;
    expect(result).toMatchObject({ status: 'success', recordsWritten: prepared.rows, recordsFailed: 0 });
  }, 90_000);

  it("without the flag, the same Retry-After beyond the budget stops at once with the server's own wait", async () => {
    const prepared = await writePrepared(f.h.dir, 'no-wait', { parts: 1, rowsPerPart: 5, firstId: 2_000 });
    f.h.sandbox.faults.configure({ rules: [{ action: 'status', status: 429, retryAfterSeconds: 4, path: PUT_FILE, method: 'PUT', times: 1 }] });
    const outcome = await spawnUpload(
      f,
      prepared.dir,
      OPTIONS.filter((o) => o !== '--wait-retry-after'),
    ).exit;
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/asked to wait 4 s before trying again, longer than the 2 s this call may take\. Try again after /);
    f.h.sandbox.faults.clear();
  }, 90_000);

  it('Ctrl-C during the wait stops cleanly, keeps the batch, and the same command resumes it', async () => {
    const prepared = await writePrepared(f.h.dir, 'interrupted', { parts: 1, rowsPerPart: 20, firstId: 3_000 });
    // A wait far longer than the test: only the interrupt can end it.
    f.h.sandbox.faults.configure({ rules: [{ action: 'status', status: 429, retryAfterSeconds: 600, path: PUT_FILE, method: 'PUT', times: 1 }] });
    const run = spawnUpload(f, prepared.dir, OPTIONS);
    expect(await run.stderrLine(WAIT_LINE)).toMatch(/asked to wait 600 s/);
    const interruptedAt = Date.now();
    run.child.kill('SIGINT');
    const stopped = await run.exit;
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    // Ended by the command itself (not by the signal), with one line that says what to do.
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/^xdm-loader: Interrupted \(SIGINT\)\. The upload was stopped; run it again to resume\.$/m);
    expect(stopped.stderr).not.toMatch(/internal error/);
    // Suspended, not cancelled: the batch was created and is neither aborted nor completed.
    const journal = await journalOf(f.home, prepared.dir);
    const batchId = /"t":"batch-created"[^\n]*"batchId":"([^"]+)"/.exec(journal)?.[1];
    expect(batchId).toBeDefined();
    expect(journal).not.toMatch(/"t":"batch-aborted"|"t":"batch-completing"/);
    expect((await getBatch(f.h.client, batchId as string)).status).toBe('loading');

    const resumed = await spawnUpload(f, prepared.dir, OPTIONS).exit;
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout) as UploadJson;
    expect(result).toMatchObject({ batchId, status: 'success', recordsWritten: prepared.rows, recordsFailed: 0, resumed: true });
  }, 90_000);
});
