import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import type { ProposeJobEvent } from '../../src-shared/ipc/job-events';
import type { CreationReportShape, TargetProposalShape } from '../../src-shared/ipc/requests/targets';
import { renameProposal } from '../../src-shared/platform/target-names';
import type { RequestContext } from '../../src-main/ipc/context';
import { createSchema } from '../../src-main/core/platform/schema-registry';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import { writeMemberFile } from './member-file';
import { type SandboxHandlers, startSandboxHandlers, until } from './sandbox-handlers';

const ctx: RequestContext = { transport: 'websocket' };
const events: AppEvent[] = [];
let s: SandboxHandlers;

async function value<T>(name: string, input: unknown): Promise<T> {
  const reply = await s.router.handle(name, input, ctx);
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}
const eventsOf = (jobId: string) => events.filter((e): e is ProposeJobEvent => e.type === 'job' && e.kind === 'propose' && e.jobId === jobId);
const ended = (jobId: string) => until(() => eventsOf(jobId).find((e) => e.phase === 'finished' || e.phase === 'failed'));

const memberFile = (name: string, rows: number) => writeMemberFile(s.h.dir, name, rows);

beforeAll(async () => {
  s = await startSandboxHandlers({ emit: (e) => events.push(e), uploadTuning: { pollInitialMs: 50, pollMaxMs: 200, confirm: { waitMs: 0 } } });
}, 60_000);

afterAll(async () => {
  await s.jobs.cancelAll();
  await s.h.close();
});

describe('targets.propose and targets.create', () => {
  it('proposes from the whole file as a job with progress, plans before creating, creates in order, and finds it all again', async () => {
    const { fileRef } = await s.files.register(await memberFile('members.csv', 3000), 'members.csv');
    const jobId = newJobId();
    expect(await value('targets.propose', { jobId, fileRef, choices: {} })).toEqual({ jobId });
    const last = await ended(jobId);
    if (last.phase !== 'finished') throw new Error(`proposal failed: ${JSON.stringify(last)}`);
    // Progress comes from the file worker's reads (the in-thread reader reports none).
    const progress = eventsOf(jobId).filter((e) => e.phase === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ progress: { rowsRead: 3000 } });
    const proposal = last.proposal;
    expect(proposal).toMatchObject({
      fileName: 'members.csv',
      class: { choice: 'profile', guessed: true },
      identity: { column: 'contact_mail', namespace: 'Email' },
    });
    // Types read from every row: the points column is an integer, the date column a date.
    const typeOf = (column: string) => proposal.fields.find((f) => f.source.kind === 'column' && f.source.column === column);
    expect(typeOf('points_balance')).toMatchObject({ kind: 'integer' });
    expect(typeOf('joined_on')).toMatchObject({ kind: 'date' });

    // The steward's names travel with the proposal; a dry run only looks.
    const named: TargetProposalShape = renameProposal(proposal, { schemaTitle: 'Members from the screen', datasetName: 'Members dataset' });
    const plan = await value<CreationReportShape>('targets.create', { proposal: named, dryRun: true });
    expect(plan.complete).toBe(false);
    expect(plan.steps.find((step) => step.step === 'schema')).toMatchObject({ status: 'to-create' });

    const created = await value<CreationReportShape>('targets.create', { proposal: named });
    expect(created.steps.map((step) => step.status)).toEqual(['exists', 'created', 'created', 'created', 'created', 'created']);
    expect(created).toMatchObject({ complete: true, schemaId: expect.any(String), datasetId: expect.any(String), mapping: { rules: expect.any(Array) } });
    const dataset = await value<{ name: string; profileEnabled: boolean }>('datasets.get', { datasetId: created.datasetId });
    expect(dataset).toMatchObject({ name: 'Members dataset', profileEnabled: true });

    // The same file opened again: everything is found, nothing is created twice.
    const again = await value<CreationReportShape>('targets.create', { proposal: named, dryRun: true });
    expect(again).toMatchObject({ complete: true, schemaId: created.schemaId, datasetId: created.datasetId });
    expect(again.steps.every((step) => step.status === 'exists')).toBe(true);
  }, 60_000);

  it('refuses to enable a schema for Profile before it has a primary identity', async () => {
    const bare = await createSchema(s.h.client, {
      title: 'No identity yet',
      type: 'object',
      allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' }],
    });
    const reply = await s.router.handle('schemas.enableForProfile', { schemaId: bare.$id }, ctx);
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('primary identity') } });
    const after = await value<Array<{ id: string; profileEnabled: boolean }>>('schemas.list', {});
    expect(after.find((schema) => schema.id === bare.$id)?.profileEnabled).toBe(false);
  }, 60_000);

  it('says which schemas have an identityMap, and enables one for Profile without a primary identity descriptor', async () => {
    const withMap = await createSchema(s.h.client, {
      title: 'Identities in identityMap',
      type: 'object',
      allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/identitymap' }],
    });
    const listed = await value<Array<{ id: string; identityMap?: boolean; classId?: string }>>('schemas.list', {});
    expect(listed.find((schema) => schema.id === withMap.$id)?.identityMap).toBe(true);
    // The ExperienceEvent class brings identityMap by itself; a bare Profile schema has none.
    for (const schema of listed) {
      if (schema.classId === 'https://ns.adobe.com/xdm/context/experienceevent') expect(schema.identityMap).toBe(true);
    }
    expect(await value('schemas.enableForProfile', { schemaId: withMap.$id })).toMatchObject({ profileEnabled: true });
  }, 60_000);
});
