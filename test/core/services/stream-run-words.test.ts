import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLocalStream } from '../../../src-main/core/jobs/stream/local-streams';
import { describeStream } from '../../../src-main/core/services/upload-listing';
import { streamRunCounts, streamRunStatus } from '../../../src-shared/domain/stream-run-words';

/**
 * A streaming run's status in History and `xdm-loader uploads`, from its journal as written on
 * disk: a stream is not a batch, and one with a rejected record among accepted ones was sent, not failed.
 */
let jobsDir: string;
beforeAll(async () => {
  jobsDir = await mkdtemp(path.join(os.tmpdir(), 'stream-words-'));
});

const run = {
  t: 'run',
  source: '/data/records.json',
  fingerprint: 'abc',
  format: 'json',
  datasetId: 'ds-1',
  target: 'local',
  validation: 'sync',
  at: '2026-12-01T10:00:00.000Z',
};

/** A journal of `total` records, `answers` answered one request each, then `end` (none: cut off). */
async function journal(name: string, total: number, answers: Array<'accepted' | 'rejected'>, end?: { outcome: string; message?: string }, unanswered = 0) {
  const dir = path.join(jobsDir, `stream-${name}`);
  await mkdir(dir);
  const lines: unknown[] = [run, { t: 'total', total }];
  answers.forEach((status, index) => {
    lines.push({ t: 'sending', indexes: [index] }, { t: 'answered', results: [{ index, status, ...(status === 'rejected' ? { statusCode: 400 } : {}) }] });
  });
  for (let i = 0; i < unanswered; i += 1) lines.push({ t: 'sending', indexes: [answers.length + i] });
  if (end) lines.push({ t: 'end', ...end });
  await writeFile(path.join(dir, 'journal.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const read = await readLocalStream(dir);
  if (!read) throw new Error(`no run read from ${dir}`);
  const row = describeStream(read, []);
  if (!row.stream) throw new Error('a streaming run is listed with its counts');
  return { state: row.state, words: streamRunStatus({ state: row.state, ...row.stream }), counts: streamRunCounts(row.stream) };
}

const times = <T>(n: number, v: T): T[] => Array.from({ length: n }, () => v);

describe("a streaming run's status words", () => {
  it('says Sent, 1 rejected for 9 accepted and 1 rejected: the run succeeded, it did not fail', async () => {
    const listed = await journal('nine-of-ten', 10, [...times(9, 'accepted' as const), 'rejected'], { outcome: 'finished' });
    expect(listed).toEqual({ state: 'succeeded', words: { label: 'Sent, 1 rejected', tone: 'notice' }, counts: '9 accepted, 1 rejected' });
  });

  it('says Sent when every record was taken', async () => {
    expect((await journal('all-taken', 3, times(3, 'accepted'), { outcome: 'finished' })).words).toEqual({ label: 'Sent', tone: 'positive' });
  });

  it('says Failed only when nothing was accepted', async () => {
    const listed = await journal('none-taken', 2, times(2, 'rejected'), { outcome: 'finished' });
    expect(listed).toMatchObject({ state: 'failed', words: { label: 'Failed', tone: 'negative' } });
    const broken = await journal('error-at-once', 5, [], { outcome: 'failed', message: 'The inlet refused the connection.' });
    expect(broken.words).toEqual({ label: 'Failed', tone: 'negative' });
  });

  it('says how far a cancelled, a stopped and a cut-off run got', async () => {
    expect((await journal('cancelled', 10, times(3, 'accepted'), { outcome: 'cancelled', message: 'Cancelled after 3 of 10.' })).words).toEqual({
      label: 'Cancelled after 3 sent',
      tone: 'neutral',
    });
    expect((await journal('cancelled-early', 10, [], { outcome: 'cancelled' })).words.label).toBe('Cancelled before sending');
    expect((await journal('stopped', 10, ['accepted', 'rejected', 'accepted'], { outcome: 'failed', message: 'Token expired.' })).words).toEqual({
      label: 'Stopped after 3 sent',
      tone: 'notice',
    });
    const cut = await journal('cut', 10, times(2, 'accepted'), undefined, 1);
    expect(cut).toMatchObject({ state: 'interrupted', words: { label: 'Cut off after 3 sent' } });
    expect(cut.counts).toBe('2 accepted, 0 rejected, 1 sent without an answer (possibly in the dataset)');
  });
});
