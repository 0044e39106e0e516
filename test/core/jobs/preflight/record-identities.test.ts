import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparedInput, preparedRecords, primaryIdentity, recordIdentities } from '../../../../src-main/core/jobs/preflight/index';

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
  it('reads a single JSON array file, and refuses a folder without parts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prep-'));
    try {
      const file = path.join(dir, 'records.json');
      await writeFile(file, JSON.stringify([{ a: 1 }, { a: 2 }]));
      const records = [];
      for await (const r of preparedRecords(await preparedInput(file))) records.push(r);
      expect(records).toEqual([{ a: 1 }, { a: 2 }]);
      await expect(preparedInput(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const empty = path.join(dir, 'empty');
      await import('node:fs/promises').then((fs) => fs.mkdir(empty));
      await expect(preparedInput(empty)).rejects.toThrow(/no prepared parts/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a broken JSON Lines part with its line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-prep-'));
    try {
      await writeFile(path.join(dir, 'part-00000.json'), '{"a":1}\n{broken\n');
      const read = async () => {
        for await (const _ of preparedRecords(await preparedInput(dir))) void _;
      };
      await expect(read()).rejects.toMatchObject({ code: 'FILE_MALFORMED', where: { line: 2 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
