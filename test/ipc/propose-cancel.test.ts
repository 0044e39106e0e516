import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { ProposeJobEvent } from '../../src-shared/ipc/job-events';
import type { RequestContext } from '../../src-main/ipc/context';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import { writeMemberFile } from './member-file';
import { type SandboxHandlers, startSandboxHandlers, until } from './sandbox-handlers';

/**
 * jobs.cancel on a running targets.propose, through the router. In the `slow` project: the job
 * must still be reading when the cancel arrives, on any machine, so it reads 400,000 rows (24 MB).
 */

const ctx: RequestContext = { transport: 'websocket' };
const events: AppEvent[] = [];
let s: SandboxHandlers;

beforeAll(async () => {
  s = await startSandboxHandlers({ emit: (e) => events.push(e), uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, confirm: { waitMs: 0 } } });
}, 60_000);

afterAll(async () => {
  await s.jobs.cancelAll();
  await s.h.close();
});

describe('targets.propose', () => {
  it('stops reading when told to: jobs.cancel ends the job as cancelled', async () => {
    const { fileRef } = await s.files.register(await writeMemberFile(s.h.dir, 'many-members.csv', 400_000), 'many-members.csv');
    const jobId = newJobId();
    const mine = (phases: ReadonlyArray<ProposeJobEvent['phase']>) =>
      events.find((e): e is ProposeJobEvent => e.type === 'job' && e.kind === 'propose' && e.jobId === jobId && phases.includes(e.phase));
    expect(await s.router.handle('targets.propose', { jobId, fileRef, choices: {} }, ctx)).toMatchObject({ ok: true, value: { jobId } });
    await until(() => mine(['progress']));
    expect(await s.router.handle('jobs.cancel', { jobId }, ctx)).toMatchObject({ ok: true, value: { jobId, cancelled: true } });
    const last = await until(() => mine(['finished', 'failed']));
    expect(last).toMatchObject({ phase: 'failed', error: { code: 'CANCELLED' } });
  }, 60_000);
});
