import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { BatchSummary } from '../../src-shared/ipc/requests/ingest';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createAppStore } from '../../src-renderer/state/app-store';
import { batchesSelectors, FAILED_RECORDS_SHOWN, failedRecordOf, pathOfPointer } from '../../src-renderer/state/batches-slice';

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
    d1: [batch('b2', { status: 'failed', recordsWritten: 0, recordsFailed: 2, errors: [{ code: 'INGEST-1212-400', description: 'Encountered 2 errors in the data.' }] }), batch('b1')],
    d2: [batch('b9', { datasetId: 'd2' })],
  };
  bridge.respond('connections.list', () => ({ connections: [{ connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false }], activeId: 'local' }));
  bridge.respond('batches.list', (input) => byDataset[input.datasetId] ?? []);
  bridge.respond('batches.get', (input) => {
    const found = Object.values(byDataset).flat().find((b) => b.batchId === input.batchId);
    if (!found) throw new AppError('NOT_FOUND', `Catalog has no batch ${input.batchId} in this sandbox.`);
    // Catalog answering one batch alone does not always name its dataset.
    return { ...found, datasetId: '', status: found.status === 'failed' ? 'failed' : 'success', completed: 1_700_000_100_000 };
  });
  bridge.respond('batches.failedRecords', (input) => ({
    dir: `/data/failed/${input.batchId}`,
    files: [`/data/failed/${input.batchId}/part-0.json`],
    rows: [
      { personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' }, _validationErrors: [{ causingExceptions: [], keyword: 'format', message: '[not-a-date] is not a valid date. Expected [yyyy-MM-dd]', pointerToViolation: '#/person/birthDate', schemaLocation: '#/properties/person' }] },
      '{broken',
    ],
    truncated: false,
  }));
  return bridge;
}

async function ready() {
  const bridge = fakeSandbox();
  const store = createAppStore(bridge);
  await store.getState().loadConnections();
  return { bridge, store };
}

describe('batches slice', () => {
  it('shows the batches of a dataset on the active connection, newest first as main answers', async () => {
    const { bridge, store } = await ready();
    await store.getState().showBatches('d1');
    const state = store.getState();
    expect(batchesSelectors.datasetId(state)).toBe('d1');
    expect(batchesSelectors.connectionId(state)).toBe('local');
    expect(batchesSelectors.status(state)).toBe('ready');
    expect(batchesSelectors.list(state).map((b) => b.batchId)).toEqual(['b2', 'b1']);
    expect(bridge.calls.filter((c) => c.name === 'batches.list')).toEqual([{ name: 'batches.list', input: { datasetId: 'd1', connectionId: 'local' } }]);
  });

  it('keeps only the latest dataset’s answer when the steward switches while one is slow', async () => {
    const { bridge, store } = await ready();
    let release: () => void = () => undefined;
    bridge.respond('batches.list', async (input) => {
      if (input.datasetId === 'd1') await new Promise<void>((resolve) => (release = resolve));
      return input.datasetId === 'd1' ? [batch('slow')] : [batch('b9', { datasetId: 'd2' })];
    });
    const first = store.getState().showBatches('d1');
    await store.getState().showBatches('d2');
    release();
    await first;
    expect(batchesSelectors.list(store.getState()).map((b) => b.batchId)).toEqual(['b9']);
    expect(batchesSelectors.datasetId(store.getState())).toBe('d2');
  });

  it('says why a listing failed and shows no stale batches', async () => {
    const { bridge, store } = await ready();
    await store.getState().showBatches('d1');
    bridge.respond('batches.list', () => {
      throw new AppError('UNAUTHORIZED', 'Adobe IMS refused the client id and secret.');
    });
    await store.getState().loadBatches();
    expect(batchesSelectors.status(store.getState())).toBe('error');
    expect(batchesSelectors.error(store.getState())).toEqual({ code: 'UNAUTHORIZED', message: 'Adobe IMS refused the client id and secret.' });
    expect(batchesSelectors.list(store.getState())).toEqual([]);
  });

  it('opens a batch with the list’s entry at once, then Catalog’s latest, keeping the dataset the list knew', async () => {
    const { store } = await ready();
    await store.getState().showBatches('d1');
    const opening = store.getState().openBatch('b1');
    expect(batchesSelectors.detail(store.getState())).toMatchObject({ batchId: 'b1', status: 'loading', batch: { batchId: 'b1', datasetId: 'd1' } });
    await opening;
    expect(batchesSelectors.detail(store.getState())).toMatchObject({ status: 'ready', batch: { batchId: 'b1', datasetId: 'd1', completed: 1_700_000_100_000 } });
    // The list row follows the fresher state.
    expect(batchesSelectors.list(store.getState()).find((b) => b.batchId === 'b1')?.completed).toBe(1_700_000_100_000);
  });

  it('keeps the list’s entry and the error when Catalog cannot answer for the batch', async () => {
    const { bridge, store } = await ready();
    await store.getState().showBatches('d1');
    bridge.respond('batches.get', () => {
      throw new AppError('UNREACHABLE', 'The sandbox did not answer.');
    });
    await store.getState().openBatch('b2');
    expect(batchesSelectors.detail(store.getState())).toMatchObject({ status: 'error', batch: { batchId: 'b2', recordsFailed: 2 }, error: { code: 'UNREACHABLE' } });
  });

  it('loads the open batch’s failed records, each with its errors at the field', async () => {
    const { bridge, store } = await ready();
    await store.getState().showBatches('d1');
    await store.getState().openBatch('b2');
    await store.getState().loadFailedRecords();
    const failed = batchesSelectors.failed(store.getState());
    expect(failed).toMatchObject({ batchId: 'b2', status: 'ready', dir: '/data/failed/b2', truncated: false });
    expect(failed?.records[0]).toEqual({
      index: 1,
      record: { personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not-a-date' } },
      errors: [{ path: 'person.birthDate', keyword: 'format', message: '[not-a-date] is not a valid date. Expected [yyyy-MM-dd]' }],
    });
    expect(failed?.records[1]).toMatchObject({ index: 2, raw: '{broken', record: {} });
    expect(bridge.calls.find((c) => c.name === 'batches.failedRecords')?.input).toEqual({ batchId: 'b2', limit: FAILED_RECORDS_SHOWN, connectionId: 'local' });
  });

  it('says why failed records could not be fetched, and forgets them when the batch closes', async () => {
    const { bridge, store } = await ready();
    await store.getState().showBatches('d1');
    await store.getState().openBatch('b2');
    bridge.respond('batches.failedRecords', () => {
      throw new AppError('NOT_FOUND', 'Data Access has no failed records for batch b2.');
    });
    await store.getState().loadFailedRecords();
    expect(batchesSelectors.failed(store.getState())).toMatchObject({ status: 'error', error: { code: 'NOT_FOUND' } });
    store.getState().closeBatch();
    expect(batchesSelectors.detail(store.getState())).toBeNull();
    expect(batchesSelectors.failed(store.getState())).toBeNull();
  });

  it('forgets the dataset and its batches when cleared', async () => {
    const { store } = await ready();
    await store.getState().showBatches('d1');
    await store.getState().openBatch('b1');
    store.getState().clearBatches();
    const state = store.getState();
    expect(batchesSelectors.datasetId(state)).toBeNull();
    expect(batchesSelectors.list(state)).toEqual([]);
    expect(batchesSelectors.detail(state)).toBeNull();
  });
});

describe('failed records as Data Access gives them', () => {
  it('turns JSON pointers into the paths the record tree uses', () => {
    expect(pathOfPointer('#/person/birthDate')).toBe('person.birthDate');
    expect(pathOfPointer('#/items/0/SKU')).toBe('items[0].SKU');
    expect(pathOfPointer('#/a~1b')).toBe('a/b');
    expect(pathOfPointer('#')).toBe('');
    expect(pathOfPointer(undefined)).toBe('');
  });

  it('reads streaming’s nested violations and row errors beside a corrupt record', () => {
    const streaming = failedRecordOf(
      { a: 1, _errors: { _streamingValidation: [{ message: '2 schema violations found', pointerToViolation: '#', causingExceptions: [{ keyword: 'type', message: 'expected type: String, found: Long', pointerToViolation: '#/a' }, { keyword: 'additionalProperties', message: 'extraneous key [b] is not permitted', pointerToViolation: '#' }] }] } },
      0,
    );
    expect(streaming.record).toEqual({ a: 1 });
    expect(streaming.errors).toEqual([
      { path: 'a', keyword: 'type', message: 'expected type: String, found: Long' },
      { path: '', keyword: 'additionalProperties', message: 'extraneous key [b] is not permitted' },
    ]);
    const corrupt = failedRecordOf({ _corrupt_record: "{missingQuotes: 'v1'}", _errors: [{ code: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }], _filename: 'parsing_errors_0.json' }, 4);
    expect(corrupt).toMatchObject({ index: 5, raw: "{missingQuotes: 'v1'}", errors: [{ path: '', keyword: '1401', message: 'Row is corrupted and cannot be read, please fix and resend.' }] });
    expect(failedRecordOf({ _validationErrors: [{ message: 'Payload body is missing xdmEntity' }] }, 0).errors).toEqual([{ path: '', message: 'Payload body is missing xdmEntity' }]);
  });
});
