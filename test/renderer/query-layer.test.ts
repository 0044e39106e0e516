import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { createJobInvalidations } from '../../src-renderer/queries/job-invalidations';
import { serverKeys } from '../../src-renderer/queries/keys';
import { viewOf } from '../../src-renderer/queries/load-status';
import { createQueryClient } from '../../src-renderer/queries/query-client';
import { ask, errorOf, outcomeOf, RequestFailure } from '../../src-renderer/queries/request';
import { serverQueries } from '../../src-renderer/queries/server-queries';

describe('asking main', () => {
  it('returns the value of an ok envelope and throws a coded failure for the others', async () => {
    const bridge = createFakeBridge();
    bridge.respond('datasets.list', () => []);
    expect(await ask(bridge, 'datasets.list', { connectionId: 'local' })).toEqual([]);
    bridge.respond('datasets.list', () => {
      throw new AppError('FORBIDDEN', 'No access to this sandbox.');
    });
    const refused = await ask(bridge, 'datasets.list', {}).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(RequestFailure);
    expect(errorOf(refused)).toEqual({ code: 'FORBIDDEN', message: 'No access to this sandbox.' });
  });

  it('turns a transport that rejects (a closed socket) into UNREACHABLE, once for every caller', async () => {
    const closed: XdmBridge = {
      request: () => Promise.reject(new Error('socket closed')),
      onEvent: () => () => undefined,
      registerFile: () => Promise.reject(new Error('socket closed')),
    };
    expect(await outcomeOf(() => ask(closed, 'uploads.list', {}))).toEqual({
      ok: false,
      error: { code: 'UNREACHABLE', message: 'The app did not answer: socket closed' },
    });
    const client = createQueryClient();
    await client.fetchQuery(serverQueries.uploadHistory(closed)).catch(() => undefined);
    const state = client.getQueryState(serverKeys.uploadHistory());
    expect(viewOf({ data: state?.data, error: state?.error ?? null, isError: state?.status === 'error', isFetching: false, isSuccess: false })).toMatchObject({
      status: 'error',
      error: { code: 'UNREACHABLE' },
    });
  });

  it('keys every read of AEP by the connection it names, and sends that connection', async () => {
    const bridge = createFakeBridge();
    bridge.respond('batches.list', () => []);
    const client = createQueryClient();
    await client.fetchQuery(serverQueries.batches(bridge, 'local', 'd1'));
    await client.fetchQuery(serverQueries.batches(bridge, 'c_other001', 'd1'));
    expect(bridge.calls.map((c) => c.input)).toEqual([
      { connectionId: 'local', datasetId: 'd1', start: 0, limit: 20 },
      { connectionId: 'c_other001', datasetId: 'd1', start: 0, limit: 20 },
    ]);
    expect(
      client
        .getQueryCache()
        .findAll({ queryKey: serverKeys.connection('local') })
        .map((q) => q.queryKey),
    ).toEqual([serverKeys.batchPage('local', 'd1', { filter: {}, start: 0 })]);
  });
});

describe('what a job’s events make stale', () => {
  const upload = (phase: 'finished' | 'failed' | 'progress', jobId = 'j_up', batchIds: string[] = []): JobEvent =>
    phase === 'failed'
      ? { type: 'job', kind: 'upload', phase, jobId, error: { code: 'CANCELLED', message: 'Cancelled.' } }
      : phase === 'progress'
        ? {
            type: 'job',
            kind: 'upload',
            phase,
            jobId,
            progress: {
              phase: 'uploading',
              bytesSent: 1,
              bytesTotal: 2,
              recordsSent: 0,
              recordsTotal: 1,
              partsDone: 0,
              partsTotal: 1,
              chunksDone: 0,
              chunksTotal: 0,
              mbPerSecond: 1,
              etaSeconds: 1,
              batchIds,
              paused: false,
            },
          }
        : {
            type: 'job',
            kind: 'upload',
            phase,
            jobId,
            result: {
              batchId: 'b1',
              status: 'success',
              recordsExpected: 1,
              recordsWritten: 1,
              recordsFailed: 0,
              batches: [],
              reported: false,
              resumed: false,
              jobDir: '/j',
              bytesSentThisRun: 1,
              uploadMs: 1,
              timedOut: false,
            },
          };

  async function cacheWithLists() {
    const client = createQueryClient();
    client.setQueryData(serverKeys.uploadHistory(), []);
    client.setQueryData(serverKeys.batches('local', 'd1'), []);
    client.setQueryData(serverKeys.batches('c_other001', 'd9'), []);
    client.setQueryData(serverKeys.datasets('local'), []);
    const stale = () =>
      client
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.isInvalidated)
        .map((q) => q.queryKey);
    return { client, stale };
  }

  it('an upload that ends: the history and the batches of its connection, nothing else', async () => {
    const { client, stale } = await cacheWithLists();
    createJobInvalidations(client, () => 'local')([upload('finished')]);
    expect(stale()).toEqual([serverKeys.uploadHistory(), serverKeys.batches('local', 'd1')]);
  });

  it('a streaming run that ends, cancelled too: the history (its journal) and the batches of its connection', async () => {
    const { client, stale } = await cacheWithLists();
    createJobInvalidations(
      client,
      () => 'local',
    )([{ type: 'job', kind: 'stream', phase: 'failed', jobId: 'j_stream', error: { code: 'CANCELLED', message: 'cancelled' }, sent: 2 }]);
    expect(stale()).toEqual([serverKeys.uploadHistory(), serverKeys.batches('local', 'd1')]);
  });

  it('an upload of a connection this window does not know: every connection’s batches', async () => {
    const { client, stale } = await cacheWithLists();
    createJobInvalidations(client, () => null)([upload('failed')]);
    expect(stale()).toEqual([serverKeys.uploadHistory(), serverKeys.batches('local', 'd1'), serverKeys.batches('c_other001', 'd9')]);
  });

  it('an upload’s first batch id: the history once, not at every report', async () => {
    const { client, stale } = await cacheWithLists();
    const after = createJobInvalidations(client, () => 'local');
    after([upload('progress')]);
    expect(stale()).toEqual([]);
    after([upload('progress', 'j_up', ['b1'])]);
    expect(stale()).toEqual([serverKeys.uploadHistory()]);
    client.setQueryData(serverKeys.uploadHistory(), []);
    after([upload('progress', 'j_up', ['b1'])]);
    expect(stale()).toEqual([]);
  });
});
