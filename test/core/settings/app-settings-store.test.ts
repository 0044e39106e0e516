import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../../../src-shared/domain/app-settings';
import { isAppError } from '../../../src-shared/domain/errors';
import type { ConnectionDraft } from '../../../src-shared/platform/connection';
import { createAppSettingsStore } from '../../../src-main/core/settings/app-settings-store';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';
import { settingsFilePath } from '../../../src-main/core/settings/settings-file';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-app-settings-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const draft = (name: string): ConnectionDraft => ({
  name,
  imsUrl: 'https://ims-na1.adobelogin.com/',
  platformUrl: 'https://platform.adobe.io',
  orgId: '5C1328435BF324E90A49402A@AdobeOrg',
  clientId: 'client-1',
  sandboxName: 'dev',
});

describe('the Settings screen’s choices in the settings file', () => {
  it('starts from the defaults and keeps only what differs from them', async () => {
    const store = createAppSettingsStore({ dataDir });
    expect(await store.get()).toEqual(defaultAppSettings);
    expect(await store.update({ theme: 'dark', uploadConcurrency: 4, retentionDays: 7 })).toEqual({ ...defaultAppSettings, theme: 'dark', retentionDays: 7 });
    const file = JSON.parse(await readFile(settingsFilePath(dataDir), 'utf8')) as { preferences: { app: unknown } };
    expect(file.preferences.app).toEqual({ theme: 'dark', retentionDays: 7 });
    expect(await createAppSettingsStore({ dataDir }).get()).toEqual({ ...defaultAppSettings, theme: 'dark', retentionDays: 7 });
  });

  it.each([
    [{ uploadConcurrency: 0 }, 'uploadConcurrency'],
    [{ uploadConcurrency: 33 }, 'uploadConcurrency'],
    [{ uploadChunkSizeMb: 489 }, 'uploadChunkSizeMb'],
    [{ retentionDays: 1.5 }, 'retentionDays'],
  ])('refuses %o, naming the field, and keeps what was there', async (patch, field) => {
    const store = createAppSettingsStore({ dataDir });
    await store.update({ uploadChunkSizeMb: 16 });
    const refused = await store.update(patch).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isAppError(refused) && refused.code === 'INVALID_INPUT' && refused.where?.field === field).toBe(true);
    expect(await store.get()).toEqual({ ...defaultAppSettings, uploadChunkSizeMb: 16 });
  });

  it('shares one write queue with the connections, so neither loses the other’s change', async () => {
    const settings = createAppSettingsStore({ dataDir });
    const connections = createConnectionStore({ dataDir });
    await Promise.all([
      connections.add(draft('One')),
      settings.update({ theme: 'light' }),
      connections.add(draft('Two')),
      settings.update({ retentionDays: 90 }),
    ]);
    expect((await connections.list()).map((c) => c.name)).toEqual(['Local sandbox', 'One', 'Two']);
    expect(await settings.get()).toMatchObject({ theme: 'light', retentionDays: 90 });
  });
});
