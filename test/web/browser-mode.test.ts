import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MainServices } from '../../src-main/host/compose';
import { createMainServices } from '../../src-main/host/compose';
import type { WebServer } from '../../src-main/web/server';
import { createWebServer } from '../../src-main/web/server';
import { WebSocketBridge } from '../../src-renderer/bridge/websocket-bridge';
import { makeRendererDir, wsSocketFactory } from './helpers';

/**
 * Browser mode end to end in one process: the real composition root, the real server, the
 * renderer's real bridge, and the real inspectFile from core/sources.
 */
let base: string;
let services: MainServices;
let server: WebServer;
let bridge: WebSocketBridge;

beforeEach(async () => {
  const dirs = await makeRendererDir();
  base = dirs.base;
  services = createMainServices({ mode: 'browser', dataDir: dirs.dataDir, version: '0.1.0' });
  server = await createWebServer({ services, rendererDir: dirs.rendererDir, port: 0 });
  bridge = new WebSocketBridge({
    token: server.token,
    socketUrl: `ws://127.0.0.1:${server.port}/ws`,
    httpOrigin: server.origin,
    createSocket: wsSocketFactory(server.origin),
  });
});

afterEach(async () => {
  bridge.dispose();
  await server.close();
  await services.dispose();
  await rm(base, { recursive: true, force: true });
});

describe('browser mode end to end', () => {
  it('reports browser mode and the data dir', async () => {
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: true, value: { mode: 'browser', version: '0.1.0', dataDir: services.dataDir } });
  });

  it('uploads a CSV and inspects it by its reference', async () => {
    const csv = 'email;first_name;loyalty_points;joined\nada@example.com;Ada;120;2024-01-02\nbob@example.com;Bob;;2024-03-04\n';
    const registered = await bridge.registerFile(new File([csv], 'Loyalty members.csv', { type: 'text/csv' }));
    expect(registered).toMatchObject({ ok: true, value: { name: 'Loyalty members.csv', size: Buffer.byteLength(csv) } });
    if (!registered.ok) return;

    const inspected = await bridge.request('files.inspect', { fileRef: registered.value.fileRef, maxRows: 10 });
    expect(inspected.ok).toBe(true);
    if (!inspected.ok) return;
    expect(inspected.value.file).toEqual({ name: 'Loyalty members.csv', size: Buffer.byteLength(csv) });
    expect(inspected.value.format).toBe('csv');
    expect(inspected.value.delimiter).toBe(';');
    expect(inspected.value.columns.map((column) => column.name)).toEqual(['email', 'first_name', 'loyalty_points', 'joined']);
    expect(inspected.value.rows).toHaveLength(2);
  });

  it('names the dropped file in inspection errors', async () => {
    const registered = await bridge.registerFile(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])], 'photo.csv'));
    if (!registered.ok) throw new Error('upload failed');
    const inspected = await bridge.request('files.inspect', { fileRef: registered.value.fileRef });
    expect(inspected).toMatchObject({ ok: false, error: { code: 'FILE_BINARY', where: { file: 'photo.csv' } } });
    if (inspected.ok) return;
    expect(inspected.error.message).not.toContain(services.dataDir);
  });
});
