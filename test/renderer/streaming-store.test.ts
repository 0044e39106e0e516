import { describe, expect, it } from 'vitest';
import { AppError, type AppErrorShape } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import type { StreamJobEvent } from '../../src-shared/ipc/job-events';
import type { ConfirmReportShape, PreflightReportShape } from '../../src-shared/ipc/requests/jobs';
import type { PrepareSummary } from '../../src-shared/ipc/requests/prepare';
import type { AepConnection, ConnectionView } from '../../src-shared/platform/connection';
import type { DatasetSummary } from '../../src-shared/platform/targets';
import { createFakeBridge, type FakeBridge } from '../../src-renderer/bridge/fake-bridge';
import {
  paceWords,
  sendAgainWords,
  sentBeforeFailureWords,
  streamedMissingWords,
  streamProgressWords,
  streamSummary,
} from '../../src-renderer/features/upload/streaming-words';
import type { AppStore } from '../../src-renderer/state/app-store';
import { connectionsSeen } from '../../src-renderer/queries/server-cache';
import { cacheOf, createTestStore, draftPreflight, loadConnections, loadTargets, showUploadStep } from './server-state';
import {
  rejectedRows,
  STREAM_CONFIRM_AGAIN_WAIT_MS,
  STREAM_CONFIRM_FIRST_WAIT_MS,
  streamFailureWords,
  streamingSelectors,
  streamOffer,
  type StreamRunView,
  type StreamSendResult,
} from '../../src-renderer/state/streaming-slice';
import { recordsOfInspection } from '../../src-renderer/state/uploads-slice';

const PREPARE_JOB = 'j_prepare0001';
const STREAM_JOB = 'j_stream00001';
const DATASET = '5f1a00000000000000000001';
const OTHER_DATASET = '5f1a00000000000000000002';

const local: ConnectionView = { connection: { id: 'local', kind: 'local', name: 'Local sandbox' }, secret: 'sandbox', production: false };
const acme: AepConnection = {
  id: 'c_acme0001',
  kind: 'aep',
  name: 'Acme dev',
  imsUrl: 'https://ims-na1.adobelogin.com',
  platformUrl: 'https://platform.adobe.io',
  streamingUrl: 'https://dcs.adobedc.net',
  orgId: 'ABC123@AdobeOrg',
  clientId: 'client-1',
  sandboxName: 'dev',
  scopes: ['openid', 'AdobeID'],
};

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

function summary(rowsWritten: number): PrepareSummary {
  return {
    status: 'completed',
    rowsRead: rowsWritten + 1,
    rowsWritten,
    rowsRejected: 1,
    invariantHolds: true,
    parts: [{ file: 'part-00001.json', rows: rowsWritten, bytes: 1200 }],
    format: 'json',
    rejectsFile: 'rejects.csv',
    issuesByField: {},
    issuesByKind: {},
    rowsWithWarnings: 0,
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:00:01.000Z',
    durationMs: 1000,
  };
}

const datasets: DatasetSummary[] = [
  { id: DATASET, name: 'Customers', profileEnabled: true, identityEnabled: true, upsert: false },
  { id: OTHER_DATASET, name: 'Leads', profileEnabled: true, identityEnabled: true, upsert: false },
];

const passed: PreflightReportShape = {
  ok: true,
  datasetId: DATASET,
  profile: true,
  recordsChecked: 3,
  checks: [{ id: 'dataset', status: 'passed', message: 'Dataset "Customers" exists.' }],
};

const badRecord = { personalEmail: { address: 'a2@example.com' }, person: { birthDate: '31/02/1990' } };

/** Three records: two taken, the second refused for a date that is not one (its record carried). */
const mixed: StreamSendResult = {
  datasetId: DATASET,
  validation: 'sync',
  total: 3,
  accepted: 2,
  received: 0,
  rejected: 1,
  requests: 3,
  results: [
    { index: 1, status: 'accepted', xactionId: '1700000000000:1:1' },
    {
      index: 2,
      status: 'rejected',
      statusCode: 400,
      message: 'Invalid XDM Message Format',
      violations: [{ pointer: '#/person/birthDate', keyword: 'format', message: '[31/02/1990] is not a valid date. Expected [yyyy-MM-dd]' }],
      record: badRecord,
    },
    { index: 3, status: 'accepted', xactionId: '1700000000000:1:3' },
  ],
};

/** Main's events for a run, as the job registry sends them. */
function progressEvent(
  sent: number,
  results: StreamSendResult['results'],
  counts: { accepted: number; rejected: number; received?: number },
  total = 3,
  jobId = STREAM_JOB,
): StreamJobEvent {
  return { type: 'job', kind: 'stream', phase: 'progress', jobId, progress: { sent, total, received: 0, ...counts, results } };
}
function finishedEvent(report: StreamSendResult, jobId = STREAM_JOB): StreamJobEvent {
  return { type: 'job', kind: 'stream', phase: 'finished', jobId, report };
}
function failedEvent(error: AppErrorShape, sent: number, detail?: string): StreamJobEvent {
  return { type: 'job', kind: 'stream', phase: 'failed', jobId: STREAM_JOB, error, sent, ...(detail !== undefined ? { detail } : {}) };
}
/** Lets the store's pending promises (a confirmation started by an event) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const confirmed: ConfirmReportShape = {
  status: 'confirmed',
  found: 2,
  missing: 0,
  identities: [
    { namespace: 'Email', id: 'a1@example.com', found: true },
    { namespace: 'Email', id: 'a3@example.com', found: true },
  ],
  rounds: 1,
  waitedMs: 0,
};

/** A store on the Upload step for a prepared set of `records`, on `connection`, with the dataset chosen. */
async function draftedStore(bridge: FakeBridge, options: { records?: number; connection?: 'local' | 'aep' } = {}): Promise<AppStore> {
  const aep = options.connection === 'aep';
  bridge.respond('connections.list', () => ({
    connections: [local, { connection: acme, secret: 'keychain', production: false }],
    activeId: aep ? acme.id : 'local',
  }));
  bridge.respond('datasets.list', () => datasets);
  bridge.respond('schemas.list', () => []);
  bridge.respond('jobs.preflight', () => passed);
  let minted = 0;
  const store = createTestStore(bridge, { mintJobId: () => `j_stream${String(++minted).padStart(5, '0')}` });
  store.getState().connect();
  store.setState((s) => ({
    prepare: { ...s.prepare, status: 'ready', file: { name: 'customers.csv', size: 2048 }, fileRef: 'f_fake00000001', inspection },
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
        summary: summary(options.records ?? 3),
        error: null,
        errorDetail: null,
      },
    },
  }));
  await loadConnections(store);
  await loadTargets(store, aep ? acme.id : 'local');
  await store.getState().beginUpload('prepared');
  store.getState().chooseUploadDataset(DATASET);
  return store;
}

function offer(store: AppStore) {
  const value = streamOffer(store.getState(), connectionsSeen(cacheOf(store)), draftPreflight(store));
  if (!value) throw new Error('no streaming offer');
  return value;
}

describe('streaming slice: the offer', () => {
  it('is disabled above the limit with the reason, and offered once the limit is raised', async () => {
    const store = await draftedStore(createFakeBridge(), { records: 298 });
    expect(offer(store)).toMatchObject({ records: 298, limit: 100, small: false });
    expect(offer(store).blocker).toBe('298 records is more than the streaming limit of 100: upload them as a batch, or raise the limit (up to 1000).');

    store.getState().setStreamLimit(300);
    expect(offer(store)).toMatchObject({ small: true, reason: null, blocker: 'Run preflight first.' });
    await store.getState().runPreflight();
    expect(offer(store).blocker).toBeNull();
  });

  it('keeps the limit within what the contract takes, and says a set above 1000 is for a batch only', async () => {
    const store = await draftedStore(createFakeBridge(), { records: 5000 });
    store.getState().setStreamLimit(5000);
    expect(store.getState().streaming.limit).toBe(1000);
    expect(offer(store).blocker).toBe('5000 records is more than the streaming limit of 1000: upload them as a batch.');
    store.getState().setStreamLimit(0);
    expect(store.getState().streaming.limit).toBe(1);
    store.getState().setStreamLimit(Number.NaN);
    expect(store.getState().streaming.limit).toBe(1);
  });

  it('needs no inlet on the Local sandbox, and one per connection and dataset on AEP, remembered for the session', async () => {
    const onLocal = await draftedStore(createFakeBridge());
    expect(offer(onLocal).needsInlet).toBe(false);

    const store = await draftedStore(createFakeBridge(), { connection: 'aep' });
    await store.getState().runPreflight();
    expect(offer(store)).toMatchObject({ needsInlet: true, inletId: '', blocker: 'Enter the inlet id of an HTTP API streaming connection.' });
    store.getState().setStreamInlet('  ');
    expect(offer(store).blocker).toBe('Enter the inlet id of an HTTP API streaming connection.');
    store.getState().setStreamInlet('inlet-customers');
    expect(offer(store)).toMatchObject({ inletId: 'inlet-customers', blocker: null });

    store.getState().chooseUploadDataset(OTHER_DATASET);
    expect(offer(store).inletId).toBe('');
    store.getState().chooseUploadDataset(DATASET);
    expect(offer(store).inletId).toBe('inlet-customers');
  });
});

describe('streaming slice: sending', () => {
  it('starts a job, fills each record’s fate in from progress events, then the report, then confirms in Profile', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    bridge.respond('jobs.confirm', () => confirmed);
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();

    expect(bridge.calls.find((c) => c.name === 'streaming.send')?.input).toEqual({
      jobId: STREAM_JOB,
      source: { kind: 'job', jobId: PREPARE_JOB },
      datasetId: DATASET,
      connectionId: 'local',
      validation: 'sync',
      maxRecords: 100,
    });
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({ status: 'sending', jobId: STREAM_JOB, progress: null, results: [] });
    expect(offer(store).sending).toBe(true);

    bridge.emit(progressEvent(1, [mixed.results[0]!], { accepted: 1, rejected: 0 }));
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({
      progress: { sent: 1, total: 3, accepted: 1, rejected: 0 },
      results: [mixed.results[0]],
    });
    // Each event holds only the new results: they are appended, in the set's order.
    bridge.emit(progressEvent(3, [mixed.results[2]!, mixed.results[1]!], { accepted: 2, rejected: 1 }));
    const going = streamingSelectors.runForDraft(store.getState());
    expect(going?.results.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(going?.progress).toEqual({ sent: 3, total: 3, accepted: 2, received: 0, rejected: 1 });
    expect(bridge.calls.some((c) => c.name === 'jobs.confirm')).toBe(false);

    bridge.emit(finishedEvent(mixed));
    await settle();
    const run = streamingSelectors.runForDraft(store.getState());
    expect(run).toMatchObject({ status: 'finished', result: mixed, results: mixed.results, datasetId: DATASET, fileName: 'customers.csv' });
    expect(offer(store).sending).toBe(false);
    expect(bridge.calls.find((c) => c.name === 'jobs.confirm')?.input).toEqual({
      source: { kind: 'job', jobId: PREPARE_JOB },
      datasetId: DATASET,
      connectionId: 'local',
      count: 10,
      waitMs: STREAM_CONFIRM_FIRST_WAIT_MS,
    });
    expect(streamingSelectors.runForDraft(store.getState())?.confirmation).toEqual({ status: 'ready', report: confirmed, error: null });

    await store.getState().checkStreamedInProfile();
    expect(bridge.calls.filter((c) => c.name === 'jobs.confirm').at(-1)?.input).toMatchObject({ waitMs: STREAM_CONFIRM_AGAIN_WAIT_MS });
  });

  it('applies events that overtake the reply, since the request named the job, and ignores those of other jobs', async () => {
    const bridge = createFakeBridge();
    let during: StreamRunView | null = null;
    bridge.respond('streaming.send', () => {
      bridge.emit(progressEvent(1, [mixed.results[0]!], { accepted: 1, rejected: 0 }));
      bridge.emit(progressEvent(9, [], { accepted: 9, rejected: 0 }, 9, 'j_someoneelse'));
      during = streamingSelectors.runForDraft(store.getState());
      return { jobId: STREAM_JOB };
    });
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    // Applied before the reply came back: no event was held.
    expect(during).toMatchObject({ status: 'sending', progress: { sent: 1, total: 3 } });
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({ status: 'sending', progress: { sent: 1, total: 3 }, results: [mixed.results[0]] });
  });

  it('cancels the job: cancelling until main says it stopped, then failed with the count sent and the results so far', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    bridge.respond('jobs.cancel', ({ jobId }) => ({ jobId, cancelled: true }));
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    bridge.emit(progressEvent(2, mixed.results.slice(0, 2), { accepted: 1, rejected: 1 }));

    await store.getState().cancelStreaming();
    expect(bridge.calls.filter((c) => c.name === 'jobs.cancel').map((c) => c.input)).toEqual([{ jobId: STREAM_JOB }]);
    expect(streamingSelectors.runForDraft(store.getState())?.status).toBe('cancelling');
    expect(offer(store).sending).toBe(true);

    const message =
      'Streaming was cancelled after 2 of 3 records had been sent (1 accepted, 1 rejected). The 2 records already sent stay sent: streamed records cannot be taken back.';
    bridge.emit(failedEvent({ code: 'CANCELLED', message }, 2));
    const run = streamingSelectors.runForDraft(store.getState());
    expect(run).toMatchObject({ status: 'failed', error: { code: 'CANCELLED', message }, sentBeforeFailure: 2 });
    expect(run?.results.map((r) => r.index)).toEqual([1, 2]);
    // The rejected record so far is downloadable with its body.
    expect(rejectedRows(run?.results ?? [])).toEqual([expect.objectContaining({ index: 2, record: badRecord })]);
    expect(streamFailureWords(run?.error ?? { code: 'INTERNAL', message: '' }, run?.sentBeforeFailure ?? null)).toEqual({
      title: 'Streaming was cancelled',
      detail: 'Sending the file again would send those records twice.',
    });
    expect(
      streamFailureWords({ code: 'CANCELLED', message: 'Streaming was cancelled before any record was sent: nothing was streamed.' }, 0).detail,
    ).toBeNull();
    expect(offer(store).sending).toBe(false);
    expect(sentBeforeFailureWords(2)).toBe('2 records had been sent before it stopped: they stay sent (streamed records cannot be taken back).');
    expect(sentBeforeFailureWords(0)).toBeNull();
  });

  it('goes on sending when the cancel is refused, and says why', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    bridge.respond('jobs.cancel', () => {
      throw new AppError('NOT_FOUND', 'This job is unknown.');
    });
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    await store.getState().cancelStreaming();
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({
      status: 'sending',
      actionError: { code: 'NOT_FOUND', message: 'This job is unknown.' },
    });
  });

  it('sends the trimmed inlet id and the chosen validation and limit to AEP', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    const store = await draftedStore(bridge, { connection: 'aep' });
    await store.getState().runPreflight();
    store.getState().setStreamInlet(' inlet-customers ');
    store.getState().setStreamValidation('async');
    store.getState().setStreamLimit(20);
    await store.getState().sendByStreaming();
    expect(bridge.calls.find((c) => c.name === 'streaming.send')?.input).toEqual({
      jobId: STREAM_JOB,
      source: { kind: 'job', jobId: PREPARE_JOB },
      datasetId: DATASET,
      connectionId: acme.id,
      inletId: 'inlet-customers',
      validation: 'async',
      maxRecords: 20,
    });
  });

  it('sends nothing while preflight has not passed, nor while a run is on', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    const store = await draftedStore(bridge);
    await store.getState().sendByStreaming();
    expect(bridge.calls.some((c) => c.name === 'streaming.send')).toBe(false);
    expect(store.getState().streaming.run).toBeNull();

    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    await store.getState().sendByStreaming();
    expect(bridge.calls.filter((c) => c.name === 'streaming.send')).toHaveLength(1);
  });

  it('does not look in Profile when the steward did not ask for it, or when nothing was taken', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    bridge.respond('jobs.confirm', () => confirmed);
    const store = await draftedStore(bridge);
    store.getState().setUploadProfile(false);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    bridge.emit(finishedEvent(mixed));
    await settle();
    expect(streamingSelectors.runForDraft(store.getState())?.status).toBe('finished');

    store.getState().setUploadProfile(true);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    bridge.emit(
      finishedEvent({ ...mixed, accepted: 0, rejected: 3, results: mixed.results.map((r) => ({ ...r, status: 'rejected' as const })) }, 'j_stream00002'),
    );
    await settle();
    expect(streamingSelectors.runForDraft(store.getState())?.status).toBe('finished');
    expect(bridge.calls.some((c) => c.name === 'jobs.confirm')).toBe(false);
  });

  it('runs preflight again once records were streamed, so a batch of the same records is warned before it starts', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    bridge.respond('jobs.confirm', () => confirmed);
    const store = await draftedStore(bridge);
    showUploadStep(store);
    await store.getState().runPreflight();
    const preflights = () => bridge.calls.filter((c) => c.name === 'jobs.preflight').length;
    const warned: PreflightReportShape = {
      ...passed,
      checks: [...passed.checks, { id: 'sent-before', status: 'warning', code: 'SENT_BEFORE', message: 'These records were already streamed.' }],
    };
    bridge.respond('jobs.preflight', () => warned);
    await store.getState().sendByStreaming();
    bridge.emit(finishedEvent(mixed));
    await settle();
    await settle();
    expect(preflights()).toBe(2);
    expect(draftPreflight(store).report?.checks.at(-1)).toMatchObject({ code: 'SENT_BEFORE' });

    // A run that sent nothing leaves preflight alone.
    await store.getState().sendByStreaming();
    bridge.emit({ ...failedEvent({ code: 'CANCELLED', message: 'Streaming was cancelled before any record was sent.' }, 0), jobId: 'j_stream00002' });
    await settle();
    expect(streamingSelectors.runForDraft(store.getState())?.status).toBe('failed');
    expect(preflights()).toBe(2);
  });

  it('keeps main’s coded error, and a transport failure as UNREACHABLE', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => {
      throw new AppError('INVALID_INPUT', 'An inlet id is required.');
    });
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    const run = streamingSelectors.runForDraft(store.getState());
    expect(run).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT', message: 'An inlet id is required.' }, sentBeforeFailure: 0 });
    expect(streamFailureWords(run?.error ?? { code: 'INTERNAL', message: '' }).title).toBe('Nothing was streamed');

    bridge.respond('streaming.send', () => Promise.reject(new Error('socket closed')));
    await store.getState().sendByStreaming();
    expect(streamingSelectors.runForDraft(store.getState())?.error).toEqual({ code: 'UNREACHABLE', message: 'The app did not answer: socket closed' });
    expect(streamFailureWords({ code: 'THROTTLED', message: 'Too many requests' })).toEqual({
      title: 'Streaming stopped',
      detail: 'Records sent before this may have arrived: look at the dataset before sending again.',
    });
  });

  it('takes a job’s failure from its event, with the count already sent', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    bridge.emit(failedEvent({ code: 'INVALID_INPUT', message: 'More than 100 records: streaming is for small sets.' }, 0));
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT' }, sentBeforeFailure: 0 });
    // A late event of the ended job changes nothing.
    bridge.emit(progressEvent(1, [mixed.results[0]!], { accepted: 1, rejected: 0 }));
    expect(streamingSelectors.runForDraft(store.getState())).toMatchObject({ status: 'failed', results: [] });
  });

  it('shows a run only with the draft it was sent for', async () => {
    const bridge = createFakeBridge();
    bridge.respond('streaming.send', () => ({ jobId: STREAM_JOB }));
    const store = await draftedStore(bridge);
    await store.getState().runPreflight();
    await store.getState().sendByStreaming();
    expect(streamingSelectors.runForDraft(store.getState())).not.toBeNull();
    store.getState().chooseUploadDataset(OTHER_DATASET);
    expect(streamingSelectors.runForDraft(store.getState())).toBeNull();
  });
});

describe('streaming results in words', () => {
  it('lists the rejected records, each with its record as sent and its reasons, as JSON Lines rows', () => {
    expect(rejectedRows(mixed.results)).toEqual([
      {
        index: 2,
        statusCode: 400,
        message: 'Invalid XDM Message Format',
        violations: [{ pointer: '#/person/birthDate', keyword: 'format', message: '[31/02/1990] is not a valid date. Expected [yyyy-MM-dd]' }],
        record: badRecord,
      },
    ]);
  });

  it('words a running stream’s counts', () => {
    expect(streamProgressWords({ sent: 3, total: 40, accepted: 2, received: 0, rejected: 1 }, 'sync')).toBe(
      '3 of 40 records sent: 2 accepted, 1 rejected so far.',
    );
    expect(streamProgressWords({ sent: 5, total: 5, accepted: 0, received: 5, rejected: 0 }, 'async')).toBe(
      '5 of 5 records sent: 5 received, 0 rejected so far.',
    );
  });

  it('summarises the counts that matter for the validation used', () => {
    expect(streamSummary(mixed)).toBe('2 accepted, 1 rejected.');
    expect(streamSummary({ ...mixed, validation: 'async', accepted: 0, received: 3, rejected: 0 })).toBe('3 received (validated later), 0 rejected.');
    expect(streamSummary({ ...mixed, total: 0, accepted: 0, rejected: 0, results: [] })).toBe('The set held no record: nothing was sent.');
  });

  it('warns that sending again sends the taken records twice, and says nothing when none was taken', () => {
    expect(sendAgainWords(mixed)).toBe('Sending again streams all 3 records again: the 2 already taken would arrive twice.');
    expect(sendAgainWords({ ...mixed, accepted: 0, rejected: 3 })).toBeNull();
  });

  it('explains a missing identity in streaming terms, keeping configuration reasons as core gives them', () => {
    const missing = {
      namespace: 'Email',
      id: 'a2@example.com',
      found: false,
      reason: 'NOT_IN_PROFILE' as const,
      explanation: 'see the batch’s failed records',
    };
    expect(streamedMissingWords(missing, mixed)).toBe(
      '1 record was rejected above: if this identity is that record’s, that is expected. Otherwise Profile may still be applying it (streamed records usually arrive within a minute): check again.',
    );
    const unknown = { ...missing, reason: 'NAMESPACE_UNKNOWN' as const, explanation: 'The sandbox has no identity namespace "Email".' };
    expect(streamedMissingWords(unknown, mixed)).toBe('The sandbox has no identity namespace "Email".');
  });

  it('says how long AEP’s pace makes a synchronous run, and nothing for the Local sandbox', () => {
    expect(paceWords(100, 'sync', false)).toBe('AEP takes at most 60 validated records a minute: 100 records take about 2 minutes.');
    expect(paceWords(100, 'sync', true)).toBeNull();
    expect(paceWords(100, 'async', false)).toBeNull();
  });
});

describe('record count of a file uploaded as is', () => {
  const jsonl: FileInspection = {
    ...inspection,
    file: { name: 'ada.jsonl', size: 300 },
    format: 'jsonl',
    delimiter: null,
    rows: [[1], [2], [3]],
    bytesRead: 300,
  };
  it('is exact for a JSON Lines file read whole, unknown when only its head was read', () => {
    expect(recordsOfInspection(jsonl)).toBe(3);
    expect(recordsOfInspection({ ...jsonl, bytesRead: 100 })).toBeNull();
    expect(recordsOfInspection({ ...jsonl, rows: Array.from({ length: 100 }, (_, i) => [i]) })).toBeNull();
    expect(recordsOfInspection({ ...jsonl, format: 'parquet', totalRows: 12 })).toBe(12);
  });
});
