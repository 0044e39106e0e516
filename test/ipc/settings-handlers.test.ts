import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src-shared/ipc/requests/settings';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import { createDataFolderSettings } from '../../src-main/core/settings/data-folder-choice';
import { POINTER_FILE, readPointer } from '../../src-main/core/settings/data-folder-pointer';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';

/**
 * The data folder's requests through the router: the shell's folder dialog when the shell has one
 * (and words when it has none), a choice recorded for the next start and shown in the view, a
 * path refused naming its field, and "Use the default".
 */
const ctx: RequestContext = { transport: 'electron' };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-settings-handlers-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function routerWith(pickFolder?: () => Promise<string | null>) {
  const dataDir = path.join(dir, 'default');
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
  });
  const jobs = new JobRegistry({ emit: () => undefined });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'electron' as const, platform: 'linux', dataDir });
  const dataFolder = createDataFolderSettings({ folder: { dir: dataDir, source: 'default', defaultDir: dataDir }, runningJobs: () => jobs.count() });
  const handlers = createHandlers({ files: new FileRegistry(), info, connections, jobs, dataDir, dataFolder, ...(pickFolder ? { pickFolder } : {}) });
  return { dataDir, router: createRouter(handlers, { logError: () => undefined }) };
}

describe('the data folder requests', () => {
  it('picks with the shell’s dialog, records the choice for the next start, and takes it back', async () => {
    const chosen = path.join(dir, 'chosen');
    const { dataDir, router } = routerWith(async () => chosen);
    expect(await router.handle('settings.pickDataFolder', {}, ctx)).toEqual({ ok: true, value: { folder: chosen } });
    const reply = await router.handle('settings.chooseDataFolder', { folder: chosen }, ctx);
    if (!reply.ok) throw new Error(reply.error.message);
    expect((reply.value as SettingsView).dataFolder).toEqual({ current: dataDir, source: 'default', defaultDir: dataDir, next: chosen, copyFrom: dataDir });
    expect(readPointer(dataDir)).toEqual({ pointer: { version: 1, dataDir: chosen, copyFrom: dataDir } });
    const back = await router.handle('settings.useDefaultDataFolder', {}, ctx);
    expect(back).toMatchObject({ ok: true, value: { dataFolder: { next: null, copyFrom: null } } });
    expect(existsSync(path.join(dataDir, POINTER_FILE))).toBe(false);
  });

  it('refuses a relative path naming the field, and says when the window has no folder dialog', async () => {
    const { router } = routerWith();
    expect(await router.handle('settings.chooseDataFolder', { folder: 'somewhere/else' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', where: { field: 'folder' }, message: expect.stringContaining('not an absolute path') },
    });
    expect(await router.handle('settings.pickDataFolder', {}, ctx)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('type the folder') },
    });
  });
});
