import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import { customersMapping, startPrepareHarness } from './prepare-harness';
import type { PrepareHarness } from './prepare-harness';

/**
 * jobs.cancel on a running prepare, through the router. In the `slow` project: the job must still
 * be running when the cancel arrives, on any machine, so it reads an 83 MB file (450,000 rows).
 */

const profile = { kind: 'standard', id: 'profile' } as const;
const mapping = customersMapping;

let harness: PrepareHarness;
beforeAll(async () => {
  harness = await startPrepareHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('jobs.prepare', () => {
  it('cancels a running job: the summary says cancelled and the counts still add up', async () => {
    const { fileRef } = await harness.files.register(await harness.bigCustomers(1500));
    const { jobId } = await harness.value<{ jobId: string }>('jobs.prepare', { jobId: newJobId(), fileRef, schema: profile, mapping });
    await expect.poll(() => harness.eventsOf(jobId).some((e) => e.phase === 'progress'), { timeout: 20_000 }).toBe(true);
    expect(await harness.value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: true });
    await harness.jobs.settled(jobId as `j_${string}`);
    const last = harness.eventsOf(jobId).at(-1);
    expect(last?.phase).toBe('finished');
    if (last?.phase !== 'finished') return;
    expect(last.summary.status).toBe('cancelled');
    expect(last.summary.rowsRead).toBeLessThan(450_000);
    expect(last.summary.rowsRead).toBe(last.summary.rowsWritten + last.summary.rowsRejected);
    expect(await harness.value('jobs.cancel', { jobId })).toEqual({ jobId, cancelled: false });
  }, 60_000);
});
