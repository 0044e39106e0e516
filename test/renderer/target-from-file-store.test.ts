import { describe, expect, it } from 'vitest';
import type { CreationReportShape, TargetProposalShape } from '../../src-shared/ipc/requests/targets';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import type { AppStore } from '../../src-renderer/state/app-store';
import { createdDatasetFor } from '../../src-renderer/state/target-from-file-slice';
import { createTestStore, loadConnections } from './server-state';

const FILE = 'f_fake00000001';
const JOB = 'j_propose0001';
const SCHEMA_ID = 'https://ns.adobe.com/tenant/schemas/abc123';
const DATASET_ID = '5f1a0000000000000000aaaa';

const proposal: TargetProposalShape = {
  fileName: 'members.csv',
  class: { choice: 'profile', id: 'https://ns.adobe.com/xdm/context/profile', guessed: true, reason: 'no event id or timestamp column' },
  schemaTitle: 'members',
  standardFieldGroups: ['https://ns.adobe.com/xdm/context/profile-personal-details'],
  customFieldGroup: {
    title: 'members: file columns',
    tenantNamespace: '_tenant',
    fields: [{ name: 'tierLevel', column: 'tier_level', why: 'no standard field is like it', kind: 'string' }],
  },
  fields: [
    {
      path: 'personalEmail.address',
      source: { kind: 'column', column: 'contact_mail' },
      origin: { kind: 'standard', fieldGroupId: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
      kind: 'string',
      format: 'email',
    },
    { path: '_tenant.tierLevel', source: { kind: 'column', column: 'tier_level' }, origin: { kind: 'custom' }, kind: 'string' },
  ],
  identity: { column: 'contact_mail', path: 'personalEmail.address', namespace: 'Email', chosenBy: 'guess' },
  dataset: { name: 'members', profile: true },
  skipped: [],
};

const steps = (statuses: CreationReportShape['steps'][number]['status'][]): CreationReportShape['steps'] =>
  (['namespace', 'fieldGroup', 'schema', 'descriptor', 'union', 'dataset'] as const).map((step, i) => ({
    step,
    what: step,
    status: statuses[i] ?? 'not-reached',
  }));

const mapping = {
  version: 1 as const,
  rules: [{ source: { kind: 'column' as const, column: 'contact_mail' }, destination: 'personalEmail.address' }],
  identities: [],
};

async function setUp(): Promise<{ store: AppStore; bridge: FakeBridge; created: TargetProposalShape[] }> {
  const bridge = createFakeBridge();
  const created: TargetProposalShape[] = [];
  let runs = 0;
  bridge.respond('targets.propose', ({ jobId }) => ({ jobId }));
  bridge.respond('targets.create', ({ proposal: sent, dryRun }) => {
    if (dryRun) return { dryRun: true, complete: false, steps: steps(['exists', 'to-create', 'to-create', 'to-create', 'to-create', 'to-create']) };
    created.push(sent);
    runs += 1;
    // The first run fails at the dataset; the second goes on from there.
    return runs === 1
      ? { dryRun: false, complete: false, steps: steps(['exists', 'created', 'created', 'created', 'created', 'failed']), schemaId: SCHEMA_ID, mapping }
      : {
          dryRun: false,
          complete: true,
          steps: steps(['exists', 'exists', 'exists', 'exists', 'exists', 'created']),
          schemaId: SCHEMA_ID,
          datasetId: DATASET_ID,
          mapping,
        };
  });
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('schemas.list', () => []);
  bridge.respond('datasets.list', () => []);
  bridge.respond('schemas.tree', () => ({ schemaId: SCHEMA_ID, title: 'Members', className: 'XDM Individual Profile', fields: [] }));
  bridge.respond('mapping.suggest', () => ({ suggestions: [], mapping: { version: 1, rules: [], identities: [] } }));
  const store = createTestStore(bridge, { mintJobId: () => JOB });
  store.setState((s) => ({ prepare: { ...s.prepare, fileRef: FILE, file: { name: 'members.csv', size: 100 } } }));
  store.getState().connect();
  await loadConnections(store);
  return { store, bridge, created };
}

describe('the target-from-file slice', () => {
  it('proposes as a job, follows its progress, plans, then creates with the typed names and retries after a failure', async () => {
    const { store, bridge, created } = await setUp();
    await store.getState().proposeTarget();
    expect(bridge.calls.find((c) => c.name === 'targets.propose')?.input).toMatchObject({ jobId: JOB, fileRef: FILE, connectionId: 'local', choices: {} });
    expect(store.getState().targetFromFile.status).toBe('reading');

    bridge.emit({ type: 'job', kind: 'propose', jobId: JOB, phase: 'progress', progress: { bytesRead: 50, bytesTotal: 100, rowsRead: 10 } });
    expect(store.getState().targetFromFile.progress).toEqual({ bytesRead: 50, bytesTotal: 100, rowsRead: 10 });
    bridge.emit({ type: 'job', kind: 'propose', jobId: 'j_someoneelse', phase: 'finished', proposal });
    expect(store.getState().targetFromFile.status).toBe('reading');
    bridge.emit({ type: 'job', kind: 'propose', jobId: JOB, phase: 'finished', proposal });
    expect(store.getState().targetFromFile).toMatchObject({ status: 'ready', names: { schemaTitle: 'members', datasetName: 'members' } });
    await expect.poll(() => store.getState().targetFromFile.plan?.steps[2]?.status).toBe('to-create');

    store.getState().renameTarget({ schemaTitle: 'Loyalty members', datasetName: 'Loyalty dataset' });
    // The plan is asked again under the new names (what exists is found by name), once typing pauses.
    const dryRunOf = (title: string) =>
      bridge.calls.some(
        (c) =>
          c.name === 'targets.create' &&
          (c.input as { dryRun?: boolean; proposal: TargetProposalShape }).dryRun === true &&
          (c.input as { proposal: TargetProposalShape }).proposal.schemaTitle === title,
      );
    expect(dryRunOf('Loyalty members')).toBe(false);
    await expect.poll(() => dryRunOf('Loyalty members')).toBe(true);
    await store.getState().createTarget();
    expect(created[0]).toMatchObject({
      schemaTitle: 'Loyalty members',
      customFieldGroup: { title: 'Loyalty members: file columns' },
      dataset: { name: 'Loyalty dataset' },
    });
    // Midway: the panel stays open on the report, with nothing handed over yet.
    expect(store.getState().targetFromFile).toMatchObject({ status: 'ready', report: { complete: false } });
    expect(store.getState().mapping.schema).toBeNull();

    await store.getState().createTarget();
    expect(store.getState().targetFromFile).toMatchObject({ status: 'created', report: { complete: true, datasetId: DATASET_ID } });
    expect(store.getState().mapping.schema).toEqual({ kind: 'connection', connectionId: 'local', schemaId: SCHEMA_ID });
    expect(store.getState().mapping.rules).toEqual(mapping.rules);
    expect(createdDatasetFor(store.getState(), FILE, 'local')).toBe(DATASET_ID);
    expect(createdDatasetFor(store.getState(), 'f_fake00000002', 'local')).toBeNull();
    // Reading the same file again (to see that all exists) and closing keeps that default.
    store.getState().closeTargetFromFile();
    await store.getState().proposeTarget();
    store.getState().closeTargetFromFile();
    expect(createdDatasetFor(store.getState(), FILE, 'local')).toBe(DATASET_ID);
  });

  it('shows a failed proposal with its reason, and cancels a reading job through jobs.cancel', async () => {
    const { store, bridge } = await setUp();
    bridge.respond('jobs.cancel', ({ jobId }) => ({ jobId, cancelled: true }));
    await store.getState().proposeTarget({ class: 'event' });
    expect(bridge.calls.find((c) => c.name === 'targets.propose')?.input).toMatchObject({ choices: { class: 'event' } });
    await store.getState().cancelProposal();
    expect(bridge.calls.find((c) => c.name === 'jobs.cancel')?.input).toEqual({ jobId: JOB });
    bridge.emit({ type: 'job', kind: 'propose', jobId: JOB, phase: 'failed', error: { code: 'CANCELLED', message: 'The request was cancelled.' } });
    expect(store.getState().targetFromFile).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
  });
});
