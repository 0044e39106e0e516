// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { BatchSummary } from '../../src-shared/ipc/requests/batches';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { useBatchChoice, useBatchList, useFailedRecords, useOpenBatch } from '../../src-renderer/features/batches/use-batches';
import { serverKeys } from '../../src-renderer/queries/keys';
import { FAILED_RECORDS_SHOWN } from '../../src-renderer/queries/server-queries';
import { renderHook } from './render-hook';
import { cacheOf, createTestStore, loadConnections } from './server-state';

const batch = (id: string, over: Partial<BatchSummary> = {}): BatchSummary => ({
  batchId: id,
  datasetId: 'd1',
  status: 'success',
  recordsWritten: 10,
  recordsFailed: 0,
  created: 1_700_000_000_000,
  errors: [],
  metrics: { inputRecordCount: 10, outputRecordCount: 10 },
  source: 'catalog',
  ...over,
});

function fakeSandbox() {
  const bridge = createFakeBridge();
  const byDataset: Record<string, BatchSummary[]> = {
    d1: [
      batch('b2', {
        status: 'failed',
        recordsWritten: 0,
        recordsFailed: 2,
        errors: [{ code: 'INGEST-1212-400', description: 'Encountered 2 errors in the data.' }],
      }),
      batch('b1'),
    ],
    d2: [batch('b9', { datasetId: 'd2' })],
  };
  bridge.respond('connections.list', () => ({
    connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }],
    activeId: 'local',
  }));
  bridge.respond('batches.list', (input) => byDataset[input.datasetId] ?? []);
  bridge.respond('batches.get', (input) => {
    const found = Object.values(byDataset)
      .flat()
      .find((b) => b.batchId === input.batchId);
    if (!found) throw new AppError('NOT_FOUND', `Catalog has no batch ${input.batchId} in this sandbox.`);
    // Catalog answering one batch alone does not always name its dataset.
    return { ...found, datasetId: '', status: found.status === 'failed' ? 'failed' : 'success', completed: 1_700_000_100_000 };
  });
  bridge.respond('batches.failedRecords', (input) => ({
    dir: `/data/failed/${input.batchId}`,
    files: [`/data/failed/${input.batchId}/part-0.json`],
    rows: [{ personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' } }],
    records: [
      {
        index: 1,
        record: { personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' } },
        errors: [{ path: 'person.birthDate', keyword: 'format', message: '[not-a-date] is not a valid date. Expected [yyyy-MM-dd]' }],
      },
    ],
    truncated: false,
  }));
  return bridge;
}

async function ready() {
  const bridge = fakeSandbox();
  const store = createTestStore(bridge);
  await loadConnections(store);
  return { bridge, store };
}

/** What the Batches screen reads: the choice, the list, the open batch and its failed records. */
function useBatchesScreen() {
  const choice = useBatchChoice();
  const list = useBatchList({ filter: {}, start: 0 });
  const detail = useOpenBatch();
  const failed = useFailedRecords(choice.openBatchId ?? '');
  return { choice, list, detail, failed };
}

describe('the Batches screen’s data', () => {
  it('lists the batches of the chosen dataset on the active connection, newest first as main answers', async () => {
    const { bridge, store } = await ready();
    store.getState().showBatches('d1');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    const { list, choice } = await screen.settle((v) => v.list.status === 'ready');
    expect(choice).toMatchObject({ activeId: 'local', datasetId: 'd1', openBatchId: null });
    expect(list.list.map((b) => b.batchId)).toEqual(['b2', 'b1']);
    expect(bridge.calls.filter((c) => c.name === 'batches.list')).toEqual([
      { name: 'batches.list', input: { datasetId: 'd1', connectionId: 'local', start: 0, limit: 20 } },
    ]);
    screen.unmount();
  });

  it('lists a batch sent meanwhile without Refresh once an upload ends', async () => {
    const { bridge, store } = await ready();
    store.getState().connect();
    store.getState().showBatches('d1');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    await screen.settle((v) => v.list.status === 'ready');
    bridge.respond('batches.list', () => [batch('b3'), batch('b2'), batch('b1')]);
    // An upload of this window (or any) ending: its batch is in Catalog now.
    bridge.emit({ type: 'job', kind: 'upload', phase: 'failed', jobId: 'j_someupload01', error: { code: 'CANCELLED', message: 'Cancelled.' } });
    const { list } = await screen.settle((v) => v.list.list.length === 3);
    expect(list.list.map((b) => b.batchId)).toEqual(['b3', 'b2', 'b1']);
    screen.unmount();
  });

  it('says why a listing failed and shows no stale batches', async () => {
    const { bridge, store } = await ready();
    store.getState().showBatches('d1');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    await screen.settle((v) => v.list.status === 'ready');
    bridge.respond('batches.list', () => {
      throw new AppError('UNAUTHORIZED', 'Adobe IMS refused the client id and secret.');
    });
    screen.current().list.refresh();
    const { list } = await screen.settle((v) => v.list.status === 'error');
    expect(list.error).toEqual({ code: 'UNAUTHORIZED', message: 'Adobe IMS refused the client id and secret.' });
    expect(list.list).toEqual([]);
    screen.unmount();
  });

  it('opens a batch with the list’s entry at once, then Catalog’s latest, keeping the dataset the list knew', async () => {
    const { bridge, store } = await ready();
    store.getState().showBatches('d1');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    await screen.settle((v) => v.list.status === 'ready');
    store.getState().openBatch('b1');
    const first = await screen.settle((v) => v.detail !== null);
    expect(first.detail).toMatchObject({ batchId: 'b1', batch: { batchId: 'b1', datasetId: 'd1' } });
    const { detail, list } = await screen.settle((v) => v.detail?.batch?.completed !== undefined && v.list.list.some((b) => b.completed !== undefined));
    expect(detail).toMatchObject({ status: 'ready', batch: { batchId: 'b1', datasetId: 'd1', completed: 1_700_000_100_000 } });
    // The list row follows the fresher state.
    expect(list.list.find((b) => b.batchId === 'b1')?.completed).toBe(1_700_000_100_000);
    screen.unmount();
  });

  it('keeps the list’s entry and the error when Catalog cannot answer for the batch', async () => {
    const { bridge, store } = await ready();
    bridge.respond('batches.get', () => {
      throw new AppError('UNREACHABLE', 'The sandbox did not answer.');
    });
    store.getState().showBatches('d1');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    await screen.settle((v) => v.list.status === 'ready');
    store.getState().openBatch('b2');
    const { detail } = await screen.settle((v) => v.detail?.status === 'error');
    expect(detail).toMatchObject({ status: 'error', batch: { batchId: 'b2', recordsFailed: 2 }, error: { code: 'UNREACHABLE' } });
    screen.unmount();
  });

  it('fetches the open batch’s failed records only when asked, each with its errors at the field', async () => {
    const { bridge, store } = await ready();
    store.getState().showBatches('d1');
    store.getState().openBatch('b2');
    const screen = await renderHook(useBatchesScreen, store, bridge);
    await screen.settle((v) => v.detail?.status === 'ready');
    expect(screen.current().failed).toBeNull();
    expect(bridge.calls.some((c) => c.name === 'batches.failedRecords')).toBe(false);
    await store.getState().loadFailedRecords();
    const { failed } = await screen.settle((v) => v.failed?.status === 'ready');
    expect(failed).toMatchObject({ status: 'ready', dir: '/data/failed/b2', truncated: false });
    expect(failed?.records[0]?.errors).toEqual([
      { path: 'person.birthDate', keyword: 'format', message: '[not-a-date] is not a valid date. Expected [yyyy-MM-dd]' },
    ]);
    expect(bridge.calls.find((c) => c.name === 'batches.failedRecords')?.input).toEqual({ batchId: 'b2', limit: FAILED_RECORDS_SHOWN, connectionId: 'local' });
    screen.unmount();
  });

  it('says why failed records could not be fetched, asks again on retry, and forgets them when the batch closes', async () => {
    const { bridge, store } = await ready();
    bridge.respond('batches.failedRecords', () => {
      throw new AppError('NOT_FOUND', 'Data Access has no failed records for batch b2.');
    });
    store.getState().showBatches('d1');
    store.getState().openBatch('b2');
    await store.getState().loadFailedRecords();
    const screen = await renderHook(useBatchesScreen, store, bridge);
    const { failed } = await screen.settle((v) => v.failed?.status === 'error');
    expect(failed).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    await store.getState().loadFailedRecords();
    expect(bridge.calls.filter((c) => c.name === 'batches.failedRecords')).toHaveLength(2);
    store.getState().closeBatch();
    const closed = await screen.settle((v) => v.detail === null);
    expect(closed.failed).toBeNull();
    screen.unmount();
  });

  it('shows nothing chosen on another connection: a dataset of one sandbox means nothing in another', async () => {
    const { store } = await ready();
    store.getState().showBatches('d1');
    cacheOf(store).setQueryData(serverKeys.connections(), (list: { activeId: string } | undefined) => (list ? { ...list, activeId: 'c_other001' } : list));
    expect(store.getState().batches.connectionId).toBe('local');
    const screen = await renderHook(useBatchChoice, store, createFakeBridge());
    expect(screen.current()).toMatchObject({ activeId: 'c_other001', datasetId: null, openBatchId: null });
    screen.unmount();
  });
});
