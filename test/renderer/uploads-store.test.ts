import { environmentManager } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { UploadJobEvent } from '../../src-shared/ipc/job-events';
import type { ConfirmReportShape, PreflightReportShape, UploadProgressShape, UploadResultShape } from '../../src-shared/ipc/requests/jobs';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import type { SchemaTree } from '../../src-shared/ipc/requests/schemas';
import type { DatasetSummary } from '../../src-shared/platform/targets';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { serverKeys } from '../../src-renderer/queries/keys';
import { invalidate } from '../../src-renderer/queries/server-cache';
import type { AppStore } from '../../src-renderer/state/app-store';
import { mappingSelectors } from '../../src-renderer/state/mapping-slice';
import { CONFIRM_AGAIN_WAIT_MS, CONFIRM_FIRST_WAIT_MS, uploadsSelectors } from '../../src-renderer/state/uploads-slice';
import { cacheOf, createTestStore, draftPreflight, loadConnections, loadTargets, loadUploadHistory, showUploadStep } from './server-state';

const JOB = 'j_upload00001';
const PREPARE_JOB = 'j_prepare0001';
const DATASET = '5f1a00000000000000000001';
const SCHEMA_ID = 'https://ns.adobe.com/acme/schemas/customers';

/** A store whose uploads are named j_upload00001, j_upload00002... in the order they start. */
function storeOf(bridge: FakeBridge): AppStore {
  let minted = 0;
  return createTestStore(bridge, { mintJobId: () => `j_upload${String(++minted).padStart(5, '0')}` });
}

const inspection: FileInspection = {
  file: { name: 'customers.csv', size: 2048 },
  format: 'csv',
  encoding: 'utf-8',
  bom: false,
  delimiter: ',',
  hasHeader: true,
  lineEnding: 'lf',
  columns: [{ name: 'email', type: 'string', emptyRatio: 0 }],
  rows: [['a@example.com']],
  totalRows: null,
  bytesRead: 2048,
  warnings: [],
};

const summary: PrepareSummary = {
  status: 'completed',
  rowsRead: 300,
  rowsWritten: 298,
  rowsRejected: 2,
  invariantHolds: true,
  parts: [{ file: 'part-00001.json', rows: 298, bytes: 120_000 }],
  format: 'json',
  rejectsFile: 'rejects.csv',
  issuesByField: {},
  issuesByKind: {},
  rowsWithWarnings: 0,
  startedAt: '2024-05-01T10:00:00.000Z',
  finishedAt: '2024-05-01T10:00:01.000Z',
  durationMs: 1000,
};

const datasets: DatasetSummary[] = [
  { id: DATASET, name: 'Customers', schemaId: SCHEMA_ID, profileEnabled: false, identityEnabled: false, upsert: false },
  { id: '5f1a00000000000000000002', name: 'Events', profileEnabled: true, identityEnabled: true, upsert: false },
];

function progress(over: Partial<UploadProgressShape> & { jobId?: string } = {}): UploadJobEvent {
  const { jobId = JOB, ...rest } = over;
  return {
    type: 'job',
    kind: 'upload',
    phase: 'progress',
    jobId,
    progress: {
      phase: 'uploading',
      bytesSent: 40_000,
      bytesTotal: 120_000,
      recordsSent: 0,
      recordsTotal: 298,
      partsDone: 0,
      partsTotal: 1,
      chunksDone: 0,
      chunksTotal: 0,
      mbPerSecond: 2.5,
      etaSeconds: 3,
      batchIds: ['01BATCH'],
      paused: false,
      ...rest,
    },
  };
}

const confirmation: ConfirmReportShape = {
  status: 'confirmed',
  found: 1,
  missing: 0,
  identities: [{ namespace: 'Email', id: 'a@example.com', found: true, entityId: 'XID1', sources: [DATASET] }],
  rounds: 1,
  waitedMs: 0,
};

function result(over: Partial<UploadResultShape> = {}): UploadResultShape {
  return {
    batchId: '01BATCH',
    status: 'success',
    recordsExpected: 298,
    recordsWritten: 298,
    recordsFailed: 0,
    batches: [
      {
        batchId: '01BATCH',
        externalId: 'x',
        status: 'success',
        recordsExpected: 298,
        recordsWritten: 298,
        recordsFailed: 0,
        errors: [],
        metrics: {},
        failedFiles: [],
      },
    ],
    reported: false,
    resumed: false,
    jobDir: '/data/jobs/upload-1',
    bytesSentThisRun: 120_000,
    uploadMs: 900,
    timedOut: false,
    ...over,
  };
}

function preflightReport(ok: boolean): PreflightReportShape {
  const fix = {
    id: 'enable-dataset-for-profile' as const,
    label: 'Enable the dataset for Profile and Identity',
    consequence: 'Cannot be undone.',
    irreversible: true,
  };
  return {
    ok,
    datasetId: DATASET,
    datasetName: 'Customers',
    schemaId: SCHEMA_ID,
    profile: true,
    recordsChecked: 298,
    checks: [
      { id: 'dataset', status: 'passed', message: 'Dataset "Customers" exists.' },
      ok
        ? { id: 'dataset-profile', status: 'passed', message: 'Enabled.' }
        : { id: 'dataset-profile', status: 'failed', code: 'DATASET_NOT_PROFILE', message: 'Not enabled.', howToFix: 'Enable it.', fix },
    ],
  };
}

const tree: SchemaTree = { schemaId: SCHEMA_ID, title: 'Customers', fields: [] };

/** A store with customers.csv inspected and mapped to the connection's schema, its prepare job finished. */
function preparedStore(bridge: FakeBridge, schema: 'connection' | 'standard' = 'connection'): AppStore {
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('datasets.list', () => datasets);
  bridge.respond('schemas.list', () => []);
  const store = storeOf(bridge);
  store.getState().connect();
  store.setState((s) => ({
    prepare: { ...s.prepare, status: 'ready', file: { name: 'customers.csv', size: 2048 }, fileRef: 'f_fake00000001', inspection },
    mapping: {
      ...s.mapping,
      forFile: 'f_fake00000001',
      step: 'run',
      schema: schema === 'connection' ? { kind: 'connection', connectionId: 'local', schemaId: SCHEMA_ID } : { kind: 'standard', id: 'profile' },
      tree: schema === 'connection' ? tree : { ...tree, schemaId: 'https://ns.adobe.com/xdm/context/profile' },
      treeStatus: 'ready',
    },
    jobs: {
      ...s.jobs,
      prepare: {
        jobId: PREPARE_JOB,
        fileName: 'customers.csv',
        format: 'json',
        emptyIdentity: 'flag',
        status: 'finished',
        outDir: '/data/jobs/prepare-1',
        progress: null,
        summary,
        error: null,
        errorDetail: null,
      },
    },
  }));
  return store;
}

/** A store on the Upload step with the dataset chosen and the connection's lists loaded. */
async function draftedStore(bridge: FakeBridge): Promise<AppStore> {
  const store = preparedStore(bridge);
  await loadConnections(store);
  await loadTargets(store, 'local');
  await store.getState().beginUpload('prepared');
  store.getState().chooseUploadDataset(DATASET);
  return store;
}

function job(store: AppStore, key: string) {
  const view = uploadsSelectors.job(key)(store.getState());
  if (!view) throw new Error(`no job ${key}`);
  return view;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('uploads slice: the Upload step', () => {
  it('opens for a completed prepare job with its parts as the source, and checks against the mapping schema', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.preflight', () => preflightReport(true));
    const store = await draftedStore(bridge);

    expect(mappingSelectors.step(store.getState())).toBe('upload');
    expect(uploadsSelectors.draftForFile(store.getState())).toMatchObject({
      kind: 'prepared',
      source: { kind: 'job', jobId: PREPARE_JOB },
      fileName: 'customers.csv',
      records: 298,
      schemaId: SCHEMA_ID,
      connectionId: 'local',
      datasetId: DATASET,
      profile: true,
    });
    await store.getState().runPreflight();
    expect(bridge.calls.find((c) => c.name === 'jobs.preflight')?.input).toEqual({
      datasetId: DATASET,
      source: { kind: 'job', jobId: PREPARE_JOB },
      profile: true,
      connectionId: 'local',
      schemaId: SCHEMA_ID,
    });
    expect(draftPreflight(store)).toMatchObject({ status: 'ready', report: { ok: true } });
  });

  it('sends no schema id for a standard schema (the registry does not know it) and offers a JSON Lines file of XDM records as is, never a flat table', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.preflight', () => preflightReport(true));
    const store = preparedStore(bridge, 'standard');
    await store.getState().beginUpload('prepared');
    expect(store.getState().uploads.draft?.schemaId).toBeNull();

    expect(uploadsSelectors.canUploadAsIs(store.getState())).toBe(false);
    await store.getState().beginUpload('as-is');
    expect(store.getState().uploads.draft?.kind).toBe('prepared');
    // A flat table in JSON Lines or Parquet is not XDM: it is mapped first, never offered as is.
    store.setState((s) => ({ prepare: { ...s.prepare, inspection: { ...inspection, format: 'parquet', totalRows: 20 } } }));
    expect(uploadsSelectors.canUploadAsIs(store.getState())).toBe(false);
    const xdmColumns: FileInspection['columns'] = [
      { name: '_id', type: 'string', emptyRatio: 0 },
      { name: 'personalEmail', type: 'object', emptyRatio: 0 },
    ];
    store.setState((s) => ({ prepare: { ...s.prepare, inspection: { ...inspection, format: 'jsonl', totalRows: 20, columns: xdmColumns } } }));
    expect(uploadsSelectors.canUploadAsIs(store.getState())).toBe(true);
    await store.getState().beginUpload('as-is');
    expect(store.getState().uploads.draft).toMatchObject({ kind: 'as-is', source: { kind: 'file', fileRef: 'f_fake00000001' }, records: 20, schemaId: null });
  });

  it('starts over after the file is prepared again: the earlier parts are not the ones to send', async () => {
    const store = await draftedStore(createFakeBridge());
    expect(uploadsSelectors.draftForFile(store.getState())).not.toBeNull();
    store.setState((s) => ({ jobs: { ...s.jobs, prepare: s.jobs.prepare && { ...s.jobs.prepare, jobId: 'j_prepare0002' } } }));
    expect(uploadsSelectors.draftForFile(store.getState())).toBeNull();
    await store.getState().beginUpload('prepared');
    expect(uploadsSelectors.draftForFile(store.getState())).toMatchObject({ source: { kind: 'job', jobId: 'j_prepare0002' }, datasetId: DATASET });
  });

  it('does not offer the parts of a prepare job made from another file', async () => {
    const store = preparedStore(createFakeBridge());
    store.setState((s) => ({ prepare: { ...s.prepare, file: { name: 'other.csv', size: 1 } } }));
    expect(uploadsSelectors.canUploadPrepared(store.getState())).toBe(false);
    await store.getState().beginUpload('prepared');
    expect(store.getState().uploads.draft).toBeNull();
  });

  it('shows no preflight answer once the dataset or the Profile choice changed: it was for the earlier choice', async () => {
    const bridge = createFakeBridge();
    let answer: (report: PreflightReportShape) => void = () => undefined;
    bridge.respond('jobs.preflight', () => new Promise((resolve) => (answer = resolve)));
    const store = await draftedStore(bridge);
    const running = store.getState().runPreflight();
    expect(draftPreflight(store).status).toBe('loading');
    store.getState().setUploadProfile(false);
    answer(preflightReport(false));
    await running;
    expect(draftPreflight(store)).toEqual({ status: 'idle', report: null, error: null });
    // Back to the earlier choice, its answer is still the one main gave for it.
    store.getState().setUploadProfile(true);
    expect(draftPreflight(store)).toMatchObject({ status: 'ready', report: { ok: false } });
  });

  it('runs the preflight on screen again, without a click, once the dataset is enabled for Profile on the Targets screen', async () => {
    const bridge = createFakeBridge();
    let enabled = false;
    bridge.respond('jobs.preflight', () => preflightReport(enabled));
    bridge.respond('datasets.enableForProfile', () => {
      enabled = true;
      return { ...datasets[0]!, profileEnabled: true, identityEnabled: true };
    });
    const store = await draftedStore(bridge);
    showUploadStep(store);
    await store.getState().runPreflight();
    expect(draftPreflight(store).report?.ok).toBe(false);

    expect(await store.getState().enableDatasetForProfile(DATASET)).toMatchObject({ ok: true });
    expect(bridge.calls.filter((c) => c.name === 'jobs.preflight')).toHaveLength(2);
    expect(draftPreflight(store)).toMatchObject({ status: 'ready', report: { ok: true } });
  });

  it('runs the preflight on screen again once an upload ended, so a second upload of the same records is warned', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.preflight', () => preflightReport(true));
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    const store = await draftedStore(bridge);
    showUploadStep(store);
    await store.getState().runPreflight();
    await store.getState().startUpload();
    bridge.emit({ type: 'job', kind: 'upload', phase: 'finished', jobId: JOB, result: result() });
    await vi.waitFor(() => expect(bridge.calls.filter((c) => c.name === 'jobs.preflight')).toHaveLength(2));
  });

  it('applies a fix with the steward’s confirmation and the schema preflight reported, then checks again', async () => {
    const bridge = createFakeBridge();
    let fixed = false;
    bridge.respond('jobs.preflight', () => preflightReport(fixed));
    bridge.respond('jobs.preflightFix', (input) => {
      fixed = true;
      return { fix: input.fix, applied: true, consequence: 'Cannot be undone.', irreversible: true };
    });
    const store = await draftedStore(bridge);
    showUploadStep(store);
    await store.getState().runPreflight();
    expect(draftPreflight(store).report?.ok).toBe(false);

    expect(await store.getState().applyPreflightFix('enable-dataset-for-profile')).toEqual({ ok: true });
    expect(bridge.calls.find((c) => c.name === 'jobs.preflightFix')?.input).toEqual({
      fix: 'enable-dataset-for-profile',
      datasetId: DATASET,
      schemaId: SCHEMA_ID,
      connectionId: 'local',
      confirmed: true,
    });
    expect(draftPreflight(store).report?.ok).toBe(true);
    expect(bridge.calls.filter((c) => c.name === 'jobs.preflight')).toHaveLength(2);
    // The dataset list is to be read again: it shows Profile status too.
    expect(cacheOf(store).getQueryState(serverKeys.datasets('local'))?.isInvalidated).toBe(true);
  });

  it('reports a refused fix in the draft', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.preflight', () => preflightReport(false));
    bridge.respond('jobs.preflightFix', () => {
      throw new AppError('FORBIDDEN', 'This credential may not change datasets.');
    });
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    const outcome = await store.getState().applyPreflightFix('enable-dataset-for-profile');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(store.getState().uploads.draft?.fix).toMatchObject({ status: 'error', error: { message: 'This credential may not change datasets.' } });
  });
});

describe('uploads slice: how long a preflight answer is kept', () => {
  afterEach(() => {
    vi.useRealTimers();
    environmentManager.setIsServer(() => typeof window === 'undefined');
  });

  it('keeps the verdict while the Upload step is off screen, hours on; runs it again only after a write; a new draft drops it', async () => {
    // As in the window: in Node TanStack treats the runtime as a server, which never drops a query.
    environmentManager.setIsServer(() => false);
    // Before the cache exists: TanStack schedules the drop of an unobserved query with setTimeout.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = createFakeBridge();
    bridge.respond('jobs.preflight', () => preflightReport(true));
    const store = await draftedStore(bridge);
    const preflights = () => bridge.calls.filter((c) => c.name === 'jobs.preflight');
    let hide = showUploadStep(store);
    await store.getState().runPreflight();
    expect(draftPreflight(store)).toMatchObject({ status: 'ready', report: { ok: true } });

    // The steward leaves the Upload step and comes back three hours later (TanStack's default drops it after 5 minutes).
    hide();
    await vi.advanceTimersByTimeAsync(3 * 60 * 60_000);
    expect(draftPreflight(store)).toMatchObject({ status: 'ready', report: { ok: true } });
    hide = showUploadStep(store);
    await vi.advanceTimersByTimeAsync(10);
    expect(preflights()).toHaveLength(1);
    hide();

    // A write that changes what it checked (the dataset's Profile status) marks it; it runs again once the step is back.
    await invalidate.targets(cacheOf(store), 'local');
    expect(preflights()).toHaveLength(1);
    hide = showUploadStep(store);
    await vi.advanceTimersByTimeAsync(10);
    expect(preflights()).toHaveLength(2);
    hide();

    // A new draft (the file prepared again) starts unchecked, and the earlier answers are gone from the cache.
    await store.getState().beginUpload('prepared');
    store.getState().chooseUploadDataset(DATASET);
    expect(draftPreflight(store)).toEqual({ status: 'idle', report: null, error: null });
    expect(
      cacheOf(store)
        .getQueryCache()
        .findAll({ predicate: (q) => q.queryKey[2] === 'preflight' }),
    ).toEqual([]);
  });
});

describe('uploads slice: upload jobs', () => {
  it('applies events that arrive before the reply: the request named the job', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => {
      bridge.emit(progress({ bytesSent: 10_000 }));
      bridge.emit({ type: 'job', kind: 'upload', phase: 'status', jobId: JOB, state: 'running', note: 'Resuming: 0 of 1 parts already sent.' });
      bridge.emit(progress({ bytesSent: 60_000, recordsSent: 0 }));
      return { jobId: JOB };
    });
    const store = await draftedStore(bridge);
    const starting = store.getState().startUpload();
    const key = store.getState().uploads.jobs[0]?.key ?? '';
    expect(job(store, key)).toMatchObject({ jobId: JOB, label: 'customers.csv', datasetId: DATASET });
    expect(await starting).toBe(key);
    expect(bridge.calls.find((c) => c.name === 'jobs.upload')?.input).toEqual({
      jobId: JOB,
      source: { kind: 'job', jobId: PREPARE_JOB },
      datasetId: DATASET,
      connectionId: 'local',
    });
    expect(job(store, key)).toMatchObject({ jobId: JOB, status: 'running', note: 'Resuming: 0 of 1 parts already sent.', progress: { bytesSent: 60_000 } });
    expect(store.getState().uploads.draft?.startedKey).toBe(key);
  });

  it('coalesces progress into one store update per animation frame', async () => {
    const frames: Array<() => void> = [];
    vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback));
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);
    for (const sent of [10_000, 20_000, 30_000]) bridge.emit(progress({ bytesSent: sent }));
    expect(updates).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    unsubscribe();
    expect(updates).toBe(1);
    expect(job(store, key).progress?.bytesSent).toBe(30_000);
  });

  it('pauses and resumes, following main’s acknowledgement and its status events', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('jobs.pause', (input) => ({ jobId: input.jobId, paused: true }));
    bridge.respond('jobs.resume', (input) => ({ jobId: input.jobId, resumed: true }));
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    bridge.emit(progress());

    await store.getState().pauseUpload(key);
    expect(job(store, key).status).toBe('paused');
    bridge.emit({ type: 'job', kind: 'upload', phase: 'status', jobId: JOB, state: 'paused' });
    expect(job(store, key)).toMatchObject({ status: 'paused', progress: { paused: true } });
    // A report sent before the pause (or while the batch was being created) does not un-pause it.
    bridge.emit(progress({ paused: false, bytesSent: 50_000 }));
    expect(job(store, key)).toMatchObject({ status: 'paused', progress: { bytesSent: 50_000, paused: true } });
    await store.getState().resumeUpload(key);
    expect(job(store, key).status).toBe('running');
    bridge.emit(progress({ paused: false, bytesSent: 90_000 }));
    expect(job(store, key)).toMatchObject({ status: 'running', progress: { bytesSent: 90_000, paused: false } });
    expect(bridge.calls.filter((c) => c.name === 'jobs.pause' || c.name === 'jobs.resume').map((c) => c.input)).toEqual([{ jobId: JOB }, { jobId: JOB }]);
  });

  it('keeps a refused pause as the job’s action error, without changing its state', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('jobs.pause', () => {
      throw new AppError('CONFLICT', 'Only uploads can be paused.');
    });
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    await store.getState().pauseUpload(key);
    expect(job(store, key)).toMatchObject({ status: 'running', actionError: { code: 'CONFLICT' } });
  });

  it('cancels: cancelling until main reports the job failed with CANCELLED', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('jobs.cancel', (input) => ({ jobId: input.jobId, cancelled: true }));
    bridge.respond('uploads.list', () => []);
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    await store.getState().cancelUpload(key);
    expect(job(store, key).status).toBe('cancelling');
    // A status event while cancelling does not bring the job back to running.
    bridge.emit({ type: 'job', kind: 'upload', phase: 'status', jobId: JOB, state: 'running', note: 'Aborting the batch.' });
    expect(job(store, key).status).toBe('cancelling');
    bridge.emit({ type: 'job', kind: 'upload', phase: 'failed', jobId: JOB, error: { code: 'CANCELLED', message: 'Cancelled by the user.' } });
    expect(job(store, key)).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    expect(uploadsSelectors.activeCount(store.getState())).toBe(0);
  });

  it('reads the history again once the upload has a batch, so the running upload is listed', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('uploads.list', () => []);
    const store = await draftedStore(bridge);
    const stale = () => cacheOf(store).getQueryState(serverKeys.uploadHistory())?.isInvalidated;
    await loadUploadHistory(store);
    await store.getState().startUpload();
    // Its journal exists once main accepted it.
    expect(stale()).toBe(true);
    await loadUploadHistory(store);
    bridge.emit(progress({ phase: 'creating', batchIds: [] }));
    expect(stale()).toBe(false);
    bridge.emit(progress());
    expect(stale()).toBe(true);
    // Later progress of the same batch does not mark it again.
    await loadUploadHistory(store);
    bridge.emit(progress({ bytesSent: 80_000 }));
    expect(stale()).toBe(false);
    // Its end does: the journal says how it ended.
    bridge.emit({ type: 'job', kind: 'upload', phase: 'finished', jobId: JOB, result: result() });
    expect(stale()).toBe(true);
  });

  it('shows why an upload did not start, and why a running one failed', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => {
      throw new AppError('CONFLICT', 'The prepare job has not finished: upload its parts once it has.');
    });
    bridge.respond('uploads.list', () => []);
    const store = await draftedStore(bridge);
    const refused = (await store.getState().startUpload()) ?? '';
    expect(job(store, refused)).toMatchObject({ status: 'failed', jobId: JOB, error: { code: 'CONFLICT' } });

    const second = 'j_upload00002';
    bridge.respond('jobs.upload', () => ({ jobId: second }));
    const key = (await store.getState().startUpload()) ?? '';
    bridge.emit({ type: 'job', kind: 'upload', phase: 'failed', jobId: second, error: { code: 'UNREACHABLE', message: 'The sandbox did not answer.' } });
    expect(job(store, key)).toMatchObject({ status: 'failed', error: { message: 'The sandbox did not answer.' }, errorDetail: null });
    // A late progress event does not revive it.
    bridge.emit(progress({ jobId: second }));
    expect(job(store, key).status).toBe('failed');
    expect(job(store, key).progress).toBeNull();
  });

  it('takes the confirmation main sent with the outcome, and "Check again" asks Profile with a wait', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('uploads.list', () => []);
    bridge.respond('jobs.confirm', () => ({ ...confirmation, rounds: 2, waitedMs: 1500 }));
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    bridge.emit(progress({ phase: 'polling', recordsSent: 298, bytesSent: 120_000 }));
    bridge.emit({ type: 'job', kind: 'upload', phase: 'finished', jobId: JOB, result: result({ confirmation }) });

    expect(job(store, key)).toMatchObject({
      status: 'finished',
      result: { recordsWritten: 298 },
      confirmation: { status: 'ready', report: { status: 'confirmed' } },
    });
    expect(job(store, key).progress?.phase).toBe('done');
    expect(bridge.calls.some((c) => c.name === 'jobs.confirm')).toBe(false);

    await store.getState().checkConfirmation(key);
    const asked = bridge.calls.find((c) => c.name === 'jobs.confirm')?.input as Record<string, unknown>;
    expect(asked).toMatchObject({
      source: { kind: 'job', jobId: PREPARE_JOB },
      datasetId: DATASET,
      connectionId: 'local',
      count: 10,
      waitMs: CONFIRM_AGAIN_WAIT_MS,
    });
    expect(typeof asked.batchCompletedAt).toBe('number');
    expect(job(store, key).confirmation.report?.rounds).toBe(2);
  });

  it('asks Profile itself when a successful outcome comes without a confirmation, but not after a failed batch', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('uploads.list', () => []);
    bridge.respond('jobs.confirm', () => confirmation);
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    bridge.emit({ type: 'job', kind: 'upload', phase: 'finished', jobId: JOB, result: result() });
    await expect.poll(() => job(store, key).confirmation.status).toBe('ready');
    expect(bridge.calls.filter((c) => c.name === 'jobs.confirm').map((c) => (c.input as { waitMs: number }).waitMs)).toEqual([CONFIRM_FIRST_WAIT_MS]);

    bridge.respond('jobs.upload', () => ({ jobId: 'j_upload00002' }));
    const failedKey = (await store.getState().startUpload()) ?? '';
    bridge.emit({
      type: 'job',
      kind: 'upload',
      phase: 'finished',
      jobId: 'j_upload00002',
      result: result({
        status: 'failed',
        recordsWritten: 0,
        recordsFailed: 298,
        batches: [{ ...result().batches[0]!, status: 'failed', errors: [{ code: 'INGEST-1', description: 'Bad records' }] }],
      }),
    });
    expect(job(store, failedKey)).toMatchObject({ status: 'finished', result: { status: 'failed' }, confirmation: { status: 'idle' } });
    expect(bridge.calls.filter((c) => c.name === 'jobs.confirm')).toHaveLength(1);
  });

  it('keeps the reason main could not confirm, and leaves asking again to "Check again"', async () => {
    const bridge = createFakeBridge();
    bridge.respond('jobs.upload', () => ({ jobId: JOB }));
    bridge.respond('uploads.list', () => []);
    bridge.respond('jobs.confirm', () => confirmation);
    const store = await draftedStore(bridge);
    const key = (await store.getState().startUpload()) ?? '';
    const reason = 'Confirmation in Profile could not be made: Profile Access answered 500 (request id r1).';
    bridge.emit({ type: 'job', kind: 'upload', phase: 'finished', jobId: JOB, result: result({ confirmationError: reason }) });
    expect(job(store, key)).toMatchObject({ status: 'finished', result: { confirmationError: reason }, confirmation: { status: 'idle', report: null } });
    // Main already asked and failed: the screen shows why instead of asking again on its own.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bridge.calls.filter((c) => c.name === 'jobs.confirm')).toHaveLength(0);
    await store.getState().checkConfirmation(key);
    expect(job(store, key).confirmation).toMatchObject({ status: 'ready', report: { status: 'confirmed' } });
  });
});

describe('uploads slice: history', () => {
  const interrupted: LocalUploadShape = {
    mode: 'batch',
    format: 'json',
    jobDir: '/data/jobs/upload-7',
    input: '/data/jobs/2024-05-01T08-59-00-000Z-customers',
    label: 'customers (prepared)',
    confirmSource: { kind: 'folder', path: '/data/jobs/2024-05-01T08-59-00-000Z-customers' },
    datasetId: DATASET,
    startedAt: '2024-05-01T09:00:00.000Z',
    state: 'interrupted',
    recordsExpected: 298,
    connectionId: 'local',
    batches: [{ batchId: '01OLD', status: 'loading', recordsExpected: 298 }],
  };

  it('lists local uploads and follows one still running in main that this window did not start', async () => {
    const bridge = createFakeBridge();
    const running: LocalUploadShape = {
      ...interrupted,
      jobDir: '/data/jobs/upload-8',
      input: '/home/me/export.parquet',
      label: 'export.parquet',
      confirmSource: null,
      state: 'running',
      jobId: 'j_running0001',
    };
    bridge.respond('uploads.list', () => [running, interrupted]);
    const store = storeOf(bridge);
    store.getState().connect();
    // Before the history lists it, its events belong to no job of this window: nothing is kept.
    bridge.emit(progress({ jobId: 'j_running0001', bytesSent: 1 }));
    expect(store.getState().uploads.jobs).toEqual([]);
    expect(await loadUploadHistory(store)).toMatchObject([{ state: 'running' }, { state: 'interrupted' }]);
    bridge.emit(progress({ jobId: 'j_running0001', bytesSent: 5 }));
    const followed = store.getState().uploads.jobs;
    expect(followed).toHaveLength(1);
    // Its input is not one of main's prepared folders: identities cannot be sampled from here.
    expect(followed[0]).toMatchObject({ jobId: 'j_running0001', label: 'export.parquet', status: 'running', source: null, progress: { bytesSent: 5 } });
    await loadUploadHistory(store);
    expect(store.getState().uploads.jobs).toHaveLength(1);
  });

  it('does not follow a listed upload as another while its own reply is on the way: it knows its id from the start', async () => {
    const bridge = createFakeBridge();
    let reply: (value: { jobId: string }) => void = () => undefined;
    bridge.respond('jobs.upload', () => new Promise((resolve) => (reply = resolve)));
    bridge.respond('uploads.list', () => [{ ...interrupted, state: 'running', jobId: JOB }]);
    const store = await draftedStore(bridge);
    const starting = store.getState().startUpload();
    await loadUploadHistory(store);
    expect(store.getState().uploads.jobs).toHaveLength(1);
    reply({ jobId: JOB });
    await starting;
    await loadUploadHistory(store);
    expect(store.getState().uploads.jobs).toMatchObject([{ jobId: JOB, label: 'customers.csv' }]);
  });

  it('resumes an interrupted upload from its journal', async () => {
    const bridge = createFakeBridge();
    let resumed = false;
    bridge.respond('uploads.list', () => [resumed ? { ...interrupted, state: 'running', jobId: JOB } : interrupted]);
    bridge.respond('uploads.resume', () => {
      resumed = true;
      return { jobId: JOB };
    });
    const store = storeOf(bridge);
    store.getState().connect();
    await loadUploadHistory(store);
    const resuming = store.getState().resumeInterruptedUpload(interrupted.jobDir);
    expect(store.getState().uploads.resuming).toEqual({ [interrupted.jobDir]: true });
    const key = (await resuming) ?? '';
    expect(bridge.calls.find((c) => c.name === 'uploads.resume')?.input).toEqual({ jobId: JOB, jobDir: '/data/jobs/upload-7' });
    expect(job(store, key)).toMatchObject({
      jobId: JOB,
      status: 'running',
      label: 'customers (prepared)',
      source: { kind: 'folder', path: '/data/jobs/2024-05-01T08-59-00-000Z-customers' },
    });
    // The history is to be read again (it lists the upload as running now), and reading it follows no second job.
    expect(cacheOf(store).getQueryState(serverKeys.uploadHistory())?.isInvalidated).toBe(true);
    expect(await loadUploadHistory(store)).toMatchObject([{ state: 'running', jobId: JOB }]);
    expect(store.getState().uploads.jobs).toHaveLength(1);
    expect(store.getState().uploads.resuming).toEqual({});
  });

  it('says why the history could not be read', async () => {
    const bridge = createFakeBridge();
    bridge.respond('uploads.list', () => {
      throw new AppError('INTERNAL', 'The jobs folder could not be read.');
    });
    const store = storeOf(bridge);
    await expect(loadUploadHistory(store)).rejects.toMatchObject({ error: { code: 'INTERNAL', message: 'The jobs folder could not be read.' } });
  });
});
