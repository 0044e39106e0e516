import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import type { ConnectionDraft } from '../../../src-shared/platform/connection';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';
import { readSettingsFile, settingsFilePath } from '../../../src-main/core/settings/settings-file';

const draft = (name: string, overrides: Partial<ConnectionDraft> = {}): ConnectionDraft => ({
  name,
  imsUrl: 'https://ims-na1.adobelogin.com/',
  platformUrl: 'https://platform.adobe.io',
  orgId: '5C1328435BF324E90A49402A@AdobeOrg',
  clientId: 'abc123',
  sandboxName: 'Dev-1',
  ...overrides,
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return 'no error';
}

describe('connection store (settings file)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-settings-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with only the built-in Local sandbox, without writing a file', async () => {
    const store = createConnectionStore({ dataDir });
    expect(await store.list()).toEqual([{ id: 'local', kind: 'local', name: 'Local sandbox' }]);
    expect(await readdir(dataDir)).toEqual([]);
    expect(await store.activeId()).toBe('local');
  });

  it('adds a connection with defaults, normalised, and persists it for the next process', async () => {
    const store = createConnectionStore({ dataDir, newId: () => 'c_first01' });
    const added = await store.add(draft('Acme dev'));
    expect(added).toEqual({
      id: 'c_first01',
      kind: 'aep',
      name: 'Acme dev',
      imsUrl: 'https://ims-na1.adobelogin.com',
      platformUrl: 'https://platform.adobe.io',
      streamingUrl: 'https://dcs.adobedc.net',
      orgId: '5C1328435BF324E90A49402A@AdobeOrg',
      clientId: 'abc123',
      sandboxName: 'dev-1',
      scopes: ['openid', 'session', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext'],
    });
    const again = createConnectionStore({ dataDir });
    expect(await again.get('ACME DEV')).toEqual(added);
    expect(await again.get('c_first01')).toEqual(added);
    const mode = (await stat(settingsFilePath(dataDir))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
  });

  it('rejects invalid fields with the field named, and duplicate names', async () => {
    const store = createConnectionStore({ dataDir });
    await store.add(draft('Acme dev'));
    await expect(store.add(draft('Other', { orgId: 'not-an-org' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', where: { field: 'orgId' } });
    await expect(store.add(draft('Other', { platformUrl: 'ftp://x' }))).rejects.toMatchObject({ code: 'INVALID_INPUT', where: { field: 'platformUrl' } });
    expect(await codeOf(store.add(draft('acme DEV')))).toBe('CONFLICT');
    expect(await codeOf(store.add(draft('Local sandbox')))).toBe('CONFLICT');
  });

  it('updates and removes connections; the Local sandbox cannot be removed', async () => {
    const store = createConnectionStore({ dataDir });
    const added = await store.add(draft('Acme dev'));
    await store.setActive(added.id);
    const updated = await store.update(added.id, draft('Acme stage', { sandboxName: 'stage' }));
    expect(updated).toMatchObject({ id: added.id, name: 'Acme stage', sandboxName: 'stage' });
    expect(await store.activeId()).toBe(added.id);
    expect(await codeOf(store.remove('local'))).toBe('INVALID_INPUT');
    await store.remove(added.id);
    expect((await store.list()).map((c) => c.id)).toEqual(['local']);
    expect(await store.activeId()).toBe('local');
    const missing = await store.get('Nope').catch((e: AppError) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND' });
    expect((missing as AppError).message).toContain('"Local sandbox"');
  });

  it('loses no edit when many happen at once, and leaves no temp files', async () => {
    const store = createConnectionStore({ dataDir });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.add(draft(`Conn ${i}`))));
    const settings = await readSettingsFile(dataDir);
    expect(settings.connections.map((c) => c.name).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Conn ${i}`).sort());
    expect(await readdir(dataDir)).toEqual(['settings.json']);
  });

  it('reports a broken settings file with its path and the bad field, and does not overwrite it', async () => {
    const file = settingsFilePath(dataDir);
    await writeFile(file, JSON.stringify({ version: 1, connections: [{ id: 'c_bad0001', kind: 'aep', name: 'x' }] }));
    const store = createConnectionStore({ dataDir });
    const error = await store.list().catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'FILE_MALFORMED', where: { file } });
    expect((error as AppError).message).toContain('connections.0.');
    await expect(store.add(draft('New'))).rejects.toMatchObject({ code: 'FILE_MALFORMED' });
    expect(JSON.parse(await readFile(file, 'utf8')).connections).toHaveLength(1);
    await writeFile(file, '{ not json');
    await expect(store.list()).rejects.toMatchObject({ code: 'FILE_MALFORMED' });
  });
});
