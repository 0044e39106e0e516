import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileDraft } from '../../../src-shared/ipc/requests/drafts';
import { createDraftStore } from '../../../src-main/core/drafts/draft-store';
import { fingerprintFile } from '../../../src-main/core/drafts/file-fingerprint';
import type { Logger } from '../../../src-main/core/platform/logger';

const draft: FileDraft = {
  schema: { kind: 'standard', id: 'profile' },
  rules: [{ source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' }],
  identities: [{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }],
  outputFormat: 'parquet',
  step: 'map',
};

/** A logger that keeps its warnings, to prove a damaged draft is reported. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = (): undefined => undefined;
  return { warnings, debug: none, info: none, error: none, warn: (message) => void warnings.push(message) };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-drafts-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the draft store', () => {
  it('gives back the draft saved for the same file and content', async () => {
    const store = createDraftStore({ dir, logger: recordingLogger(), now: () => new Date('2026-01-02T03:04:05Z') });
    expect(await store.get('/data/people.csv', 'fp1')).toEqual({ status: 'none' });
    expect(await store.save('/data/people.csv', 'fp1', draft)).toEqual({ savedAt: '2026-01-02T03:04:05.000Z' });
    expect(await store.get('/data/people.csv', 'fp1')).toEqual({ status: 'found', draft, savedAt: '2026-01-02T03:04:05.000Z' });
    // Another file has no draft.
    expect(await store.get('/data/other.csv', 'fp1')).toEqual({ status: 'none' });
  });

  it('says the file changed when the content is not the one the draft was made for', async () => {
    const store = createDraftStore({ dir, logger: recordingLogger() });
    await store.save('/data/people.csv', 'fp1', draft);
    const lookup = await store.get('/data/people.csv', 'fp2');
    expect(lookup.status).toBe('changed');
    expect(lookup.status === 'changed' && lookup.draft).toEqual(draft);
  });

  it('ignores a damaged draft file with a log line, and a save replaces it', async () => {
    const logger = recordingLogger();
    const store = createDraftStore({ dir, logger });
    await store.save('/data/people.csv', 'fp1', draft);
    const [name] = await readdir(dir);
    expect(name).toMatch(/^[0-9a-f]{32}\.json$/);
    const file = path.join(dir, name ?? '');

    await writeFile(file, '{"version":1,"origin":"/data/people.csv","fingerp');
    expect(await store.get('/data/people.csv', 'fp1')).toEqual({ status: 'none' });
    expect(logger.warnings).toEqual(['draft ignored: not JSON']);

    await writeFile(
      file,
      JSON.stringify({ version: 1, origin: '/data/people.csv', fingerprint: 'fp1', savedAt: 'x', draft: { ...draft, rules: 'all of them' } }),
    );
    expect(await store.get('/data/people.csv', 'fp1')).toEqual({ status: 'none' });
    expect(logger.warnings[1]).toBe('draft ignored: not a valid draft');

    await store.save('/data/people.csv', 'fp1', draft);
    expect((await store.get('/data/people.csv', 'fp1')).status).toBe('found');
  });

  it('keeps at most maxDrafts, dropping the least recently saved', async () => {
    const store = createDraftStore({ dir, logger: recordingLogger(), maxDrafts: 2 });
    await store.save('/a.csv', 'fp', draft);
    await store.save('/b.csv', 'fp', draft);
    // Dated apart, so that which one is oldest does not depend on the clock's resolution.
    const [first, second] = (await readdir(dir)).map((n) => path.join(dir, n));
    const aFile = (await store.get('/a.csv', 'fp')).status === 'found' ? first : second;
    await utimes(aFile ?? '', new Date('2020-01-01'), new Date('2020-01-01'));
    await store.save('/c.csv', 'fp', draft);
    expect(await readdir(dir)).toHaveLength(2);
    expect((await store.get('/a.csv', 'fp')).status).toBe('none');
    expect((await store.get('/b.csv', 'fp')).status).toBe('found');
    expect((await store.get('/c.csv', 'fp')).status).toBe('found');
  });

  it('forgets a discarded draft', async () => {
    const store = createDraftStore({ dir, logger: recordingLogger() });
    await store.save('/a.csv', 'fp', draft);
    expect(await store.discard('/a.csv')).toBe(true);
    expect(await store.discard('/a.csv')).toBe(false);
    expect((await store.get('/a.csv', 'fp')).status).toBe('none');
  });
});

describe('the file fingerprint', () => {
  it('changes with the content, the size or the time, and not otherwise', async () => {
    const file = path.join(dir, 'people.csv');
    const time = new Date('2025-05-05T05:05:05.123Z');
    await writeFile(file, 'email,name\na@example.com,Ann\n');
    await utimes(file, time, time);
    const first = await fingerprintFile(file);
    expect(await fingerprintFile(file)).toBe(first);
    expect(first).toMatch(new RegExp(`^29:${time.getTime()}:[0-9a-f]{32}$`));

    // Same size and time, other first bytes: a replaced export.
    await writeFile(file, 'email,name\nb@example.com,Bob\n');
    await utimes(file, time, time);
    expect(await fingerprintFile(file)).not.toBe(first);

    // Same bytes, another time: the file was saved again.
    await writeFile(file, 'email,name\na@example.com,Ann\n');
    await utimes(file, time, new Date('2025-05-06'));
    expect(await fingerprintFile(file)).not.toBe(first);
  });
});
