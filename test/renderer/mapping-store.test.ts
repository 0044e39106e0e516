import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import type { SchemaTree } from '../../src-shared/ipc/requests/schemas';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createAppStore } from '../../src-renderer/state/app-store';
import { jobsSelectors } from '../../src-renderer/state/jobs-slice';
import { datasetMismatch, mappingSelectors, summarise } from '../../src-renderer/state/mapping-slice';
import { createTestStore, loadConnections } from './server-state';

const inspection: FileInspection = {
  file: { name: 'customers.csv', size: 100 },
  format: 'csv',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  hasHeader: true,
  lineEnding: 'lf',
  columns: [
    { name: 'first_name', type: 'string', emptyRatio: 0 },
    { name: 'email', type: 'string', emptyRatio: 0 },
  ],
  rows: [['Ada', 'ada@example.com']],
  totalRows: null,
  bytesRead: 100,
  warnings: [],
};

const tree: SchemaTree = {
  schemaId: 'https://ns.adobe.com/xdm-loader/schemas/standard-profile',
  title: 'Customer profile (standard)',
  fields: [{ path: 'person', name: 'person', type: 'object', required: false, deprecated: false, children: [] }],
};

const summary: PrepareSummary = {
  status: 'completed',
  rowsRead: 10,
  rowsWritten: 8,
  rowsRejected: 2,
  invariantHolds: true,
  parts: [{ file: 'part-00001.json', rows: 8, bytes: 800 }],
  format: 'json',
  rejectsFile: 'rejects.csv',
  issuesByField: { 'person.birthDate': { 'invalid-date': 2 } },
  issuesByKind: { 'invalid-date': 2 },
  rowsWithWarnings: 0,
  startedAt: '2024-01-01T00:00:00.000Z',
  finishedAt: '2024-01-01T00:00:01.000Z',
  durationMs: 1000,
};

function bridgeForMapping(): FakeBridge {
  const bridge = createFakeBridge();
  bridge.respond('files.inspect', () => inspection);
  bridge.respond('schemas.local', () => [
    { choice: { kind: 'standard', id: 'profile' }, title: 'Customer profile (standard)', className: 'XDM Individual Profile', description: '' },
  ]);
  bridge.respond('schemas.list', () => {
    throw new AppError('UNREACHABLE', 'offline');
  });
  bridge.respond('schemas.tree', () => tree);
  bridge.respond('mapping.suggest', () => ({
    suggestions: [
      { column: 'first_name', path: 'person.name.firstName', score: 0.92, status: 'matched', candidates: [{ path: 'person.name.firstName', score: 0.92 }] },
      { column: 'email', path: 'personalEmail.address', score: 0.81, status: 'matched', candidates: [] },
    ],
    mapping: {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
        { source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' },
      ],
      identities: [{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }],
    },
  }));
  bridge.respond('mapping.preview', (input) => ({
    problems: [],
    columns: ['first_name', 'email'],
    records: [
      {
        rowNumber: 1,
        record: { person: { name: { firstName: 'Ada' } } },
        issues: input.mapping.rules.length > 1 ? [] : [{ kind: 'required-missing', path: 'personalEmail.address', message: 'missing', severity: 'error' }],
        accepted: input.mapping.rules.length > 1,
      },
    ],
  }));
  return bridge;
}

async function mappedStore(bridge: FakeBridge) {
  let minted = 0;
  const store = createAppStore(bridge, { mintJobId: () => `j_job${String(++minted).padStart(7, '0')}` });
  store.getState().connect();
  await store.getState().openFile({ name: 'customers.csv', size: 100 });
  await store.getState().goToStep('map');
  return store;
}

describe('mapping slice', () => {
  it('entering the map step loads offline schemas, picks the standard Profile and proposes suggestions without applying them', async () => {
    const bridge = bridgeForMapping();
    const store = await mappedStore(bridge);
    const m = store.getState().mapping;
    expect(mappingSelectors.step(store.getState())).toBe('map');
    expect(m.schema).toEqual({ kind: 'standard', id: 'profile' });
    expect(m.treeStatus).toBe('ready');
    // The connection's schemas are the picker's query (useActiveSchemas), not the slice's.
    expect(bridge.calls.some((c) => c.name === 'schemas.list')).toBe(false);
    expect(m.rules).toEqual([]);
    expect(m.proposal?.rules).toHaveLength(2);
    store.getState().acceptSuggestions();
    expect(store.getState().mapping.rules).toHaveLength(2);
    expect(store.getState().mapping.identities).toEqual([{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }]);
    const rule = store.getState().mapping.rules[0];
    if (!rule) throw new Error('no rule');
    expect(mappingSelectors.scoreOf(store.getState(), rule)).toBe(0.92);
  });

  it('re-previews after each edit and keeps only the latest answer', async () => {
    const bridge = bridgeForMapping();
    const store = await mappedStore(bridge);
    store.getState().acceptSuggestions();
    await expect.poll(() => store.getState().mapping.previewStatus).toBe('ready');
    expect(mappingSelectors.records(store.getState())[0]?.accepted).toBe(true);
    store.getState().removeRule(1);
    await expect.poll(() => mappingSelectors.records(store.getState())[0]?.accepted).toBe(false);
    const sent = bridge.calls.filter((c) => c.name === 'mapping.preview').at(-1)?.input as { mapping: { rules: unknown[] } };
    expect(sent.mapping.rules).toHaveLength(1);
    expect(summarise(mappingSelectors.records(store.getState()))).toMatchObject({
      rows: 1,
      accepted: 0,
      errors: 1,
      byField: [{ field: 'personalEmail.address', kind: 'required-missing', count: 1 }],
    });
  });

  it('keeps one primary identity and leaves rules without a destination out of the mapping', async () => {
    const store = await mappedStore(bridgeForMapping());
    store.getState().addIdentity({ column: 'email', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' });
    store.getState().addIdentity({ column: 'first_name', namespace: 'CRMID', primary: false, authenticatedState: 'authenticated' });
    store.getState().updateIdentity(0, { column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' });
    store.getState().updateIdentity(1, { column: 'first_name', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' });
    expect(store.getState().mapping.identities.map((i) => i.primary)).toEqual([false, true]);
    store.getState().addRule();
    expect(store.getState().mapping.rules).toEqual([{ source: { kind: 'column', column: 'first_name' }, destination: '' }]);
    expect(store.getState().currentMapping().rules).toEqual([]);
  });

  it('saves and loads mappings, reporting errors with their code', async () => {
    const bridge = bridgeForMapping();
    bridge.respond('mapping.save', (input) => ({
      saved: { name: input.name, format: input.format, modifiedAt: '2024-01-01T00:00:00.000Z' },
      content: JSON.stringify(input.mapping),
      fileName: `${input.name}.json`,
      warnings: [],
    }));
    bridge.respond('mapping.load', () => ({
      mapping: { version: 1, rules: [{ source: { kind: 'expression', expression: 'lower(email)' }, destination: 'personalEmail.address' }], identities: [] },
      importedFrom: 'data-prep',
    }));
    const store = await mappedStore(bridge);
    store.getState().acceptSuggestions();
    const saved = await store.getState().saveMapping('customers', 'xdm-loader');
    expect(saved?.fileName).toBe('customers.json');
    expect(store.getState().mapping.saved.map((s) => s.name)).toEqual(['customers']);
    await store.getState().loadMapping({ kind: 'saved', name: 'customers' });
    expect(store.getState().mapping.rules).toEqual([{ source: { kind: 'expression', expression: 'lower(email)' }, destination: 'personalEmail.address' }]);
    expect(store.getState().mapping.notice).toContain('Data Prep');
    expect(await store.getState().saveMapping('../x', 'xdm-loader')).toBeNull();
    expect(store.getState().mapping.error).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('undoes and redoes mapping edits; typing into one rule is one step, a new edit forgets what was undone', async () => {
    const store = await mappedStore(bridgeForMapping());
    store.getState().acceptSuggestions();
    const accepted = store.getState().mapping.rules;
    const first = accepted[0];
    if (!first) throw new Error('the suggestions mapped nothing');
    store.getState().removeRule(0);
    for (const destination of ['p', 'pe', 'per']) store.getState().updateRule(0, { ...first, destination });
    expect(store.getState().mapping.history.undo).toHaveLength(3);
    store.getState().undoMapping();
    expect(store.getState().mapping.rules).toEqual(accepted.slice(1));
    store.getState().undoMapping();
    expect(store.getState().mapping.rules).toEqual(accepted);
    store.getState().redoMapping();
    expect(store.getState().mapping.rules).toEqual(accepted.slice(1));
    store.getState().addRule();
    expect(store.getState().mapping.history.redo).toEqual([]);
    store.getState().undoMapping();
    expect(store.getState().mapping.rules).toEqual(accepted.slice(1));
  });

  it('a new file starts again at the file step', async () => {
    const store = await mappedStore(bridgeForMapping());
    await store.getState().openFile({ name: 'other.csv', size: 5 });
    expect(mappingSelectors.step(store.getState())).toBe('file');
  });
});

describe('jobs slice', () => {
  it('follows a prepare job from start to summary, applying progress that arrives before the reply', async () => {
    const bridge = bridgeForMapping();
    let release: () => void = () => undefined;
    bridge.respond('jobs.prepare', () => new Promise((resolve) => (release = () => resolve({ jobId: 'j_job0000001', outDir: '/data/jobs/1' }))));
    bridge.respond('jobs.rejects', () => ({ fileName: 'rejects.csv', columns: ['_row', 'first_name'], rows: [[3, 'Bob']], total: 2, offset: 0 }));
    const store = await mappedStore(bridge);
    store.getState().acceptSuggestions();
    const started = store.getState().startPrepare();
    expect(mappingSelectors.step(store.getState())).toBe('run');
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({ status: 'starting', jobId: 'j_job0000001' });
    expect(bridge.calls.find((c) => c.name === 'jobs.prepare')?.input).toMatchObject({ jobId: 'j_job0000001' });
    bridge.emit({
      type: 'job',
      jobId: 'j_job0000001',
      kind: 'prepare',
      phase: 'progress',
      progress: { bytesRead: 50, bytesTotal: 100, rowsRead: 5, rowsWritten: 4, rowsRejected: 1 },
    });
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({ jobId: 'j_job0000001', status: 'running', progress: { rowsRead: 5 } });
    release();
    await started;
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({ outDir: '/data/jobs/1', status: 'running' });
    bridge.emit({
      type: 'job',
      jobId: 'j_other000001',
      kind: 'prepare',
      phase: 'progress',
      progress: { bytesRead: 1, bytesTotal: 1, rowsRead: 999, rowsWritten: 0, rowsRejected: 0 },
    });
    expect(jobsSelectors.prepareJob(store.getState())?.progress?.rowsRead).toBe(5);
    bridge.emit({ type: 'job', jobId: 'j_job0000001', kind: 'prepare', phase: 'finished', summary, outDir: '/data/jobs/1' });
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({
      status: 'finished',
      summary: { rowsRejected: 2 },
      progress: { rowsRead: 10, bytesRead: 100 },
    });
    expect(jobsSelectors.isRunning(store.getState())).toBe(false);
    await store.getState().loadRejects();
    expect(jobsSelectors.rejects(store.getState())).toMatchObject({ status: 'ready', total: 2, rows: [[3, 'Bob']] });
  });

  it('prepares in the output format chosen for the session, and keeps it across jobs', async () => {
    const bridge = bridgeForMapping();
    bridge.respond('jobs.prepare', () => ({ jobId: 'j_job0000003', outDir: '/data/jobs/3' }));
    const store = await mappedStore(bridge);
    store.getState().acceptSuggestions();
    expect(jobsSelectors.outputFormat(store.getState())).toBe('json');
    store.getState().setOutputFormat('parquet');
    await store.getState().startPrepare();
    expect(bridge.calls.filter((c) => c.name === 'jobs.prepare').at(-1)?.input).toMatchObject({ format: 'parquet' });
    expect(jobsSelectors.prepareJob(store.getState())?.format).toBe('parquet');
    // Starting a job replaces the job on screen but not the choice.
    expect(jobsSelectors.outputFormat(store.getState())).toBe('parquet');
    await store.getState().startPrepare('json');
    expect(bridge.calls.filter((c) => c.name === 'jobs.prepare').at(-1)?.input).toMatchObject({ format: 'json' });
    expect(jobsSelectors.outputFormat(store.getState())).toBe('parquet');
  });

  it('keeps rows with no identity unless the session chose to reject them, and the job remembers its choice', async () => {
    const bridge = bridgeForMapping();
    bridge.respond('jobs.prepare', (input) => ({ jobId: input.jobId, outDir: '/data/jobs/5' }));
    const store = await mappedStore(bridge);
    expect(jobsSelectors.emptyIdentity(store.getState())).toBe('flag');
    await store.getState().startPrepare();
    expect(bridge.calls.filter((c) => c.name === 'jobs.prepare').at(-1)?.input).toMatchObject({ emptyIdentity: 'flag' });
    store.getState().setEmptyIdentity('reject');
    await store.getState().startPrepare();
    expect(bridge.calls.filter((c) => c.name === 'jobs.prepare').at(-1)?.input).toMatchObject({ emptyIdentity: 'reject' });
    expect(jobsSelectors.prepareJob(store.getState())?.emptyIdentity).toBe('reject');
  });

  it('cancels through main and shows a failure with its code', async () => {
    const bridge = bridgeForMapping();
    bridge.respond('jobs.prepare', (input) => ({ jobId: input.jobId, outDir: '/data/jobs/2' }));
    bridge.respond('jobs.cancel', (input) => ({ jobId: input.jobId, cancelled: true }));
    const store = await mappedStore(bridge);
    await store.getState().startPrepare();
    await store.getState().cancelPrepare();
    expect(bridge.calls.at(-1)).toEqual({ name: 'jobs.cancel', input: { jobId: 'j_job0000001' } });
    expect(jobsSelectors.prepareJob(store.getState())?.status).toBe('cancelling');
    bridge.emit({ type: 'job', jobId: 'j_job0000001', kind: 'prepare', phase: 'failed', error: { code: 'FILE_UNREADABLE', message: 'gone' } });
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({ status: 'failed', error: { code: 'FILE_UNREADABLE' }, errorDetail: null });
  });

  it('keeps the raw message of an unexpected failure for its "Details", beside the words', async () => {
    const bridge = bridgeForMapping();
    bridge.respond('jobs.prepare', (input) => ({ jobId: input.jobId, outDir: '/data/jobs/4' }));
    const store = await mappedStore(bridge);
    await store.getState().startPrepare();
    const error = { code: 'INTERNAL' as const, message: 'The preparation stopped because of an unexpected problem in the app.' };
    bridge.emit({ type: 'job', jobId: 'j_job0000001', kind: 'prepare', phase: 'failed', error, detail: 'The prepare worker exited (code 1) without a result' });
    expect(jobsSelectors.prepareJob(store.getState())).toMatchObject({
      status: 'failed',
      error,
      errorDetail: 'The prepare worker exited (code 1) without a result',
    });
  });
});

describe('the mapping follows the dataset (issue 15)', () => {
  const PROFILE = 'https://ns.adobe.com/xdm/context/profile';
  const EVENT = 'https://ns.adobe.com/xdm/context/experienceevent';
  const schemas = [
    { id: 'https://ns.adobe.com/t/schemas/customers', title: 'Customers', classId: PROFILE, profileEnabled: true, identities: [] },
    { id: 'https://ns.adobe.com/t/schemas/events', title: 'Events', classId: EVENT, profileEnabled: true, identities: [] },
  ];
  const datasets = [
    { id: 'ds-customers', name: 'Customers', schemaId: schemas[0]?.id, profileEnabled: true, identityEnabled: true, upsert: false },
    { id: 'ds-events', name: 'Events', schemaId: schemas[1]?.id, profileEnabled: true, identityEnabled: true, upsert: false },
  ];
  const treeOf = (schemaId: string): SchemaTree =>
    schemaId.endsWith('events')
      ? { schemaId, title: 'Events', fields: [{ path: 'timestamp', name: 'timestamp', type: 'date-time', required: true, deprecated: false, children: [] }] }
      : {
          schemaId,
          title: 'Customers',
          fields: [
            {
              path: 'personalEmail',
              name: 'personalEmail',
              type: 'object',
              required: false,
              deprecated: false,
              children: [{ path: 'personalEmail.address', name: 'address', type: 'string', required: false, deprecated: false, children: [] }],
            },
          ],
        };

  function connectedBridge(columns: FileInspection['columns']): FakeBridge {
    const bridge = bridgeForMapping();
    bridge.respond('files.inspect', () => ({ ...inspection, columns }));
    bridge.respond('schemas.list', () => schemas);
    bridge.respond('datasets.list', () => datasets);
    bridge.respond('schemas.tree', (input) => (input.schema.kind === 'connection' ? treeOf(input.schema.schemaId) : tree));
    return bridge;
  }

  /** A store whose active connection is known (as once the header has read it), on the Map step. */
  async function connectedStore(bridge: FakeBridge) {
    bridge.respond('connections.list', () => ({
      connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
      activeId: 'local',
    }));
    const store = createTestStore(bridge);
    await loadConnections(store);
    store.getState().connect();
    await store.getState().openFile({ name: 'events.csv', size: 100 });
    await store.getState().goToStep('map');
    return store;
  }

  it('targets the schema of a dataset of the connection, the events one for an events file', async () => {
    const store = await connectedStore(
      connectedBridge([
        { name: 'event_id', type: 'string', emptyRatio: 0 },
        { name: 'timestamp', type: 'date-time', emptyRatio: 0 },
      ]),
    );
    expect(store.getState().mapping.dataset?.id).toBe('ds-events');
    expect(store.getState().mapping.schema).toEqual({ kind: 'connection', schemaId: schemas[1]?.id });
  });

  it("names on the Map step the fields the chosen dataset's schema lacks, and follows a dataset chosen again", async () => {
    const store = await connectedStore(connectedBridge(inspection.columns));
    expect(store.getState().mapping.dataset?.id).toBe('ds-customers');
    store.getState().acceptSuggestions();
    expect(datasetMismatch(store.getState().mapping)).toBeNull();

    // Another target schema while the dataset stays: caught, with the fields it lacks.
    await store.getState().chooseSchema({ kind: 'standard', id: 'profile' });
    await vi.waitFor(() => expect(store.getState().mapping.datasetTree).not.toBeNull());
    expect(datasetMismatch(store.getState().mapping)).toEqual({
      dataset: { id: 'ds-customers', name: 'Customers', schemaId: schemas[0]?.id },
      missing: ['person.name.firstName', 'identityMap'],
    });

    // Choosing the events dataset moves the target to its schema.
    await store.getState().chooseMappingDataset({ id: 'ds-events', name: 'Events', schemaId: schemas[1]?.id });
    expect(store.getState().mapping.schema).toEqual({ kind: 'connection', schemaId: schemas[1]?.id });
    expect(datasetMismatch(store.getState().mapping)).toBeNull();
  });
});
