import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainServices } from '../../src-main/host/compose';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'xdm-compose-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(base, { recursive: true, force: true });
});

describe('createMainServices', () => {
  it('creates the data dir and wires app.info to the mode and version', async () => {
    const dataDir = path.join(base, 'nested', 'home');
    const services = createMainServices({ mode: 'browser', dataDir, version: '3.4.5' });
    expect(existsSync(dataDir)).toBe(true);
    expect(services.dataDir).toBe(dataDir);
    const reply = await services.router.handle('app.info', {}, { transport: 'websocket' });
    expect(reply).toEqual({
      ok: true,
      value: { name: 'XDM Loader', version: '3.4.5', mode: 'browser', platform: process.platform, dataDir },
    });
    await services.dispose();
  });

  it('honours XDM_LOADER_HOME when no data dir is given', async () => {
    const home = path.join(base, 'from-env');
    vi.stubEnv('XDM_LOADER_HOME', home);
    const services = createMainServices({ mode: 'electron', version: '1.0.0' });
    expect(services.dataDir).toBe(home);
    await services.dispose();
  });

  it('serves files.inspect from its own registry, and forgets files on dispose', async () => {
    const services = createMainServices({ mode: 'electron', dataDir: base, version: '1.0.0' });
    const file = path.join(base, 'a.csv');
    await writeFile(file, 'x,y\n1,2\n');
    const { fileRef } = await services.files.register(file);
    const reply = await services.router.handle('files.inspect', { fileRef }, { transport: 'electron' });
    expect(reply.ok).toBe(true);
    const listener = vi.fn();
    services.events.subscribe(listener);
    await services.dispose();
    await services.dispose();
    services.events.emit({ type: 'file.opened', file: { fileRef, name: 'a.csv', size: 8 } });
    expect(listener).not.toHaveBeenCalled();
    const after = await services.router.handle('files.inspect', { fileRef }, { transport: 'electron' });
    expect(after).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
