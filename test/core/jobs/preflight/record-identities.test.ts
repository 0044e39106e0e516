import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparedInput, preparedRecords, primaryIdentity, recordIdentities } from '../../../../src-main/core/jobs/preflight/index';
import { writeParts, writeSummary } from './sandbox-fixture';

describe('record identities', () => {
  const descriptors = [{ path: 'personalEmail.address', namespace: 'Email', primary: true }];

  it('reads identityMap entries and descriptor fields, and picks the primary', () => {
    const ids = recordIdentities({ personalEmail: { address: 'a@x' }, identityMap: { CRMID: [{ id: 'C1', primary: 'true' }, { id: '' }] } }, descriptors);
    expect(ids).toEqual([
      { namespace: 'CRMID', id: 'C1', primary: true, from: 'identityMap' },
      { namespace: 'Email', id: 'a@x', primary: true, from: 'descriptor' },
    ]);
    expect(primaryIdentity(ids)?.namespace).toBe('CRMID');
    expect(primaryIdentity(recordIdentities({ identityMap: { CRMID: [{ id: 'C1' }] } }, descriptors))).toBeUndefined();
  });
});

describe('prepared records', () => {
  it('reads a single JSON array file, and refuses a folder that is not a completed preparation', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prep-'));
    try {
      const file = path.join(dir, 'records.json');
      await writeFile(file, JSON.stringify([{ a: 1 }, { a: 2 }]));
      const records = [];
      for await (const r of preparedRecords(await preparedInput(file))) records.push(r);
      expect(records).toEqual([{ a: 1 }, { a: 2 }]);
      await expect(preparedInput(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // Parts without the summary a completed prepare writes are not a prepared folder (the upload refuses them too).
      const loose = path.join(dir, 'loose');
      await mkdir(loose);
      await writeFile(path.join(loose, 'part-00000.json'), '{"a":1}\n');
      await expect(preparedInput(loose)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/no summary\.json/) });
      const cancelled = path.join(dir, 'cancelled');
      await mkdir(cancelled);
      await writeParts(cancelled, [{ a: 1 }]);
      await writeSummary(cancelled, [{ file: 'part-00000.json', rows: 1, bytes: 8 }], 'cancelled');
      await expect(preparedInput(cancelled)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/did not complete/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the parts summary.json lists, not the others in the folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prep-'));
    try {
      await writeParts(dir, [{ a: 1 }, { a: 2 }, { a: 3 }], 2);
      // A stale part from an earlier preparation, and one a crashed prepare left half written.
      await writeFile(path.join(dir, 'part-00007.json'), '{"stale":true}\n');
      await writeFile(path.join(dir, 'part-00002.json.partial'), '{"partial":');
      const input = await preparedInput(dir);
      expect(input.files.map((f) => path.basename(f))).toEqual(['part-00000.json', 'part-00001.json']);
      const records = [];
      for await (const r of preparedRecords(input)) records.push(r);
      expect(records).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a broken JSON Lines part with its line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prep-'));
    try {
      const text = '{"a":1}\n{broken\n';
      await writeFile(path.join(dir, 'part-00000.json'), text);
      await writeSummary(dir, [{ file: 'part-00000.json', rows: 2, bytes: Buffer.byteLength(text) }]);
      const read = async () => {
        for await (const _ of preparedRecords(await preparedInput(dir))) void _;
      };
      await expect(read()).rejects.toMatchObject({ code: 'FILE_MALFORMED', where: { line: 2 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
