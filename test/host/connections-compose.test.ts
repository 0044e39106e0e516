import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices } from '../../src-main/host/compose';
import type { LocalSandboxInfo } from '../../src-main/host/embedded-sandbox';
import { memoryKeychain } from '../core/secrets/memory-keychain';

/**
 * The composition root's embedded Local sandbox: started by the first request that needs it,
 * with its data under `<dataDir>/sandbox`, and closed by dispose.
 */

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'xdm-compose-sandbox-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('createMainServices and the Local sandbox', () => {
  it('starts the sandbox only when a request needs it, once, and closes it on dispose', async () => {
    const started: LocalSandboxInfo[] = [];
    const services = createMainServices({
      mode: 'browser',
      dataDir: base,
      version: '1.0.0',
      secretStore: memoryKeychain(),
      onSandboxStarted: (s) => started.push(s),
    });
    const ctx = { transport: 'websocket' } as const;

    expect(await services.router.handle('connections.list', {}, ctx)).toMatchObject({ ok: true });
    expect(services.localSandbox()).toBeNull();
    expect(existsSync(path.join(base, 'sandbox'))).toBe(false);

    const [test, schemas] = await Promise.all([
      services.router.handle('connections.test', {}, ctx),
      services.router.handle('schemas.list', { connectionId: 'local' }, ctx),
    ]);
    expect(test).toMatchObject({ ok: true, value: { ok: true } });
    expect(schemas.ok).toBe(true);
    expect(started).toHaveLength(1);
    const running = services.localSandbox();
    expect(running?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(path.join(base, 'sandbox', 'credentials.json'))).toBe(true);
    // The reply never carries the emulator's secret either.
    expect(JSON.stringify([test, schemas])).not.toContain(running?.credentials.clientSecret);

    await services.dispose();
    expect(services.localSandbox()).toBeNull();
    await expect(fetch(`${running?.url}/ims/token/v3`, { method: 'POST' })).rejects.toThrow();
    const after = await services.router.handle('connections.test', {}, ctx);
    expect(after).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
  });

  it('disposes cleanly when the sandbox was never started', async () => {
    const services = createMainServices({ mode: 'electron', dataDir: base, version: '1.0.0', secretStore: memoryKeychain() });
    await services.dispose();
    expect(existsSync(path.join(base, 'sandbox'))).toBe(false);
  });
});
