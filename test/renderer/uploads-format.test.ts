import { describe, expect, it } from 'vitest';
import { streamRunCounts } from '../../src-shared/domain/stream-run-words';
import type { ConfirmReportShape } from '../../src-shared/ipc/requests/jobs';
import {
  describeBatchStatus,
  describeConfirmation,
  describeConfirmationError,
  describeSentAs,
  describeUpload,
  errorSentence,
  formatEta,
  formatSpeed,
  formatWhen,
  percent,
} from '../../src-renderer/features/jobs/upload-format';
import { checkLabel } from '../../src-renderer/features/upload/preflight-words';

describe('upload words', () => {
  it('says time left as people do', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(0.2)).toBe('a moment');
    expect(formatEta(42.1)).toBe('43 s');
    expect(formatEta(185)).toBe('about 3 min');
    expect(formatEta(3600)).toBe('about 1 h');
    expect(formatEta(4830)).toBe('about 1 h 21 min');
  });

  it('gives speeds with sensible digits, and none before one is known', () => {
    expect(formatSpeed(0)).toBe('—');
    expect(formatSpeed(0.456)).toBe('0.46 MB/s');
    expect(formatSpeed(3.14)).toBe('3.1 MB/s');
    expect(formatSpeed(112.7)).toBe('113 MB/s');
  });

  it('caps progress at 100 and is 0 without a total', () => {
    expect(percent(5, 0)).toBe(0);
    expect(percent(50, 200)).toBe(25);
    expect(percent(300, 200)).toBe(100);
  });

  it("says how a History row was sent, and a streaming run's counts", () => {
    expect(describeSentAs({ mode: 'batch', format: 'parquet' })).toBe('Parquet, batch upload');
    const stream = { validation: 'sync', accepted: 2, received: 0, rejected: 1, unanswered: 0 } as const;
    expect(describeSentAs({ mode: 'stream', format: 'json', stream })).toBe('JSON, streamed (validated one by one)');
    expect(describeSentAs({ mode: 'stream', format: 'json', stream: { ...stream, validation: 'async' } })).toBe('JSON, streamed (validated later)');
    expect(streamRunCounts(stream)).toBe('2 accepted, 1 rejected');
    expect(streamRunCounts({ ...stream, accepted: 0, received: 1200, unanswered: 3 })).toBe(
      '1,200 received, 1 rejected, 3 sent without an answer (possibly in the dataset)',
    );
  });

  it('names batch statuses in words, unknown ones capitalised', () => {
    expect(describeBatchStatus('success')).toEqual({ label: 'Succeeded', tone: 'positive' });
    expect(describeBatchStatus('failed').tone).toBe('negative');
    expect(describeBatchStatus('processing').label).toBe('Processing');
    expect(describeBatchStatus('inactive')).toEqual({ label: 'Inactive', tone: 'neutral' });
  });

  it('tells a cancel from a failure, and a timed-out poll from an outcome', () => {
    const base = { progress: null, result: null, error: null };
    expect(describeUpload({ ...base, status: 'failed', error: { code: 'CANCELLED', message: 'Cancelled by the user.' } })).toEqual({
      label: 'Cancelled',
      tone: 'notice',
    });
    expect(describeUpload({ ...base, status: 'failed', error: { code: 'UNREACHABLE', message: 'x' } }).label).toBe('Failed');
    const finished = {
      batchId: 'b',
      status: 'processing',
      recordsExpected: 1,
      recordsWritten: 0,
      recordsFailed: 0,
      batches: [],
      reported: false,
      resumed: false,
      jobDir: '/j',
      bytesSentThisRun: 1,
      uploadMs: 1,
      timedOut: true,
    };
    expect(describeUpload({ ...base, status: 'finished', result: finished }).label).toBe('Still processing at AEP');
    expect(describeUpload({ ...base, status: 'finished', result: { ...finished, status: 'success', timedOut: false } }).label).toBe('Succeeded');
  });

  it('sums a confirmation report up, a 403 as the entitlement it is', () => {
    const report = (over: Partial<ConfirmReportShape>): ConfirmReportShape => ({
      status: 'confirmed',
      found: 2,
      missing: 0,
      identities: [],
      rounds: 1,
      waitedMs: 0,
      ...over,
    });
    const two = [
      { namespace: 'Email', id: 'a', found: true },
      { namespace: 'Email', id: 'b', found: false },
    ];
    expect(describeConfirmation(report({ identities: two })).detail).toBe('All 2 sampled identities have a profile.');
    expect(describeConfirmation(report({ status: 'partial', found: 1, missing: 1, identities: two })).detail).toContain('1 of 2');
    expect(describeConfirmation(report({ status: 'forbidden', forbidden: 'Not entitled to Profile Access.' }))).toMatchObject({
      tone: 'negative',
      detail: 'Not entitled to Profile Access.',
    });
  });

  it('says in plain words why confirmation could not be made, and that the load stands', () => {
    const words = describeConfirmationError('Confirmation in Profile could not be made: Profile Access answered 500 (request id r1).');
    expect(words).toEqual({
      label: 'Profile could not be checked',
      tone: 'notice',
      detail:
        'The upload succeeded: the records are in the dataset. Looking the sampled identities up in Profile failed: Profile Access answered 500 (request id r1). Check again in a moment.',
    });
    expect(describeConfirmationError('timeout').detail).toContain('failed: timeout.');
  });

  it('writes AEP’s batch errors as sentences', () => {
    expect(errorSentence({ code: 'INGEST-1212-400', description: 'Required field missing', recordCount: 3 })).toBe(
      'Required field missing (3 records) [INGEST-1212-400]',
    );
    expect(errorSentence({})).toBe('AEP gave no description');
  });

  it('labels preflight checks, namespaces by code', () => {
    expect(checkLabel('dataset-profile')).toBe('Dataset enabled for Profile');
    expect(checkLabel('namespace-CRMID')).toBe('Namespace CRMID');
    expect(checkLabel('sent-before')).toBe('Sent before');
    expect(checkLabel('something-new')).toBe('something-new');
  });

  it('shows today’s times without a date', () => {
    const now = new Date('2024-05-01T18:00:00');
    expect(formatWhen('2024-05-01T09:05:00', now)).toBe('09:05');
    expect(formatWhen('2024-04-28T09:05:00', now)).toBe('28 Apr, 09:05');
    expect(formatWhen('not a date', now)).toBe('not a date');
  });
});
