import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalStreams, streamFile } from '../../../../src-main/core/jobs/stream/index';
import { readLocalStream } from '../../../../src-main/core/jobs/stream/local-streams';
import { openStreamJournal } from '../../../../src-main/core/jobs/stream/stream-journal';
import { customer, openSandbox, type SandboxFixture } from '../preflight/sandbox-fixture';

/**
 * The streaming run's journal: what was sent, accepted and refused survives the run, a run cut
 * mid-request names the records that may have arrived, and a run going on is told from a dead one
 * by its lock.
 */
let f: SandboxFixture;
let jobsDir: string;
beforeAll(async () => {
  f = await openSandbox();
  jobsDir = await mkdtemp(path.join(os.tmpdir(), 'stream-journal-'));
});
afterAll(async () => {
  await f.close();
});

const run = { source: '/data/records.json', fingerprint: 'abc', format: 'json' as const, datasetId: 'ds-1', target: 'local', validation: 'sync' as const };

describe('stream journal', () => {
  it('journals a streamed file: its source, fingerprint, counts and end', async () => {
    const file = path.join(jobsDir, '..', `records-${path.basename(jobsDir)}.json`);
    const invalid = { personalEmail: { address: 'j-bad@example.com' }, person: { birthDate: 'not a date' } };
    await writeFile(file, `${[customer(900), invalid, customer(901)].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const report = await streamFile(f.client, {
      input: file,
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      requestsPerMinute: 0,
      journal: { jobsDir, targetKey: 'local' },
    });
    expect(report).toMatchObject({ accepted: 2, rejected: 1 });
    const [listed] = await listLocalStreams(jobsDir);
    expect(listed).toMatchObject({
      datasetId: f.customers.id,
      target: 'local',
      format: 'json',
      validation: 'sync',
      total: 3,
      accepted: 2,
      received: 0,
      rejected: 1,
      unanswered: 0,
      outcome: 'finished',
    });
    expect(path.basename(listed?.input ?? '')).toBe(path.basename(file));
    expect(listed?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('says running while the run holds its lock, and how it ended once it has', async () => {
    const journal = await openStreamJournal(jobsDir, run, new Date('2030-01-01T00:00:00Z'));
    await journal.total(2);
    await journal.sending([1]);
    await journal.answered([{ index: 1, status: 'accepted' }]);
    expect(await readLocalStream(journal.jobDir)).toMatchObject({ outcome: 'running', accepted: 1, total: 2 });
    await journal.end('cancelled', 'Streaming was cancelled after 1 of 2 records had been sent.');
    expect(await readLocalStream(journal.jobDir)).toMatchObject({ outcome: 'cancelled', accepted: 1, message: expect.stringContaining('after 1 of 2') });
    // Newest first.
    expect((await listLocalStreams(jobsDir))[0]?.jobDir).toBe(journal.jobDir);
  });

  it('names a run cut mid-request interrupted, its unanswered records possibly sent, and ignores a torn last line', async () => {
    const dir = path.join(jobsDir, 'stream-2020-01-01T00-00-00-000Z-cut');
    await mkdir(dir);
    const lines = [
      { t: 'run', ...run, at: '2020-01-01T00:00:00.000Z' },
      { t: 'total', total: 3 },
      { t: 'sending', indexes: [1] },
      { t: 'answered', results: [{ index: 1, status: 'rejected', statusCode: 400 }] },
      { t: 'sending', indexes: [2] },
    ];
    await writeFile(path.join(dir, 'journal.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"t":"answ`);
    expect(await readLocalStream(dir)).toMatchObject({ outcome: 'interrupted', total: 3, accepted: 0, rejected: 1, unanswered: 1 });
    // Only stream-* folders with a run are listed.
    await mkdir(path.join(jobsDir, 'stream-empty'));
    const names = (await listLocalStreams(jobsDir)).map((s) => path.basename(s.jobDir));
    expect(names).not.toContain('stream-empty');
    expect(names.at(-1)).toBe('stream-2020-01-01T00-00-00-000Z-cut');
    expect((await readdir(jobsDir)).filter((n) => n.startsWith('stream-')).length).toBe(names.length + 1);
  });
});
