import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent, AppInfo } from '../../src-shared/ipc/contract';
import type { Handlers } from '../../src-shared/ipc/handlers';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import type { RequestContext } from '../../src-main/ipc/context';
import { EventHub } from '../../src-main/ipc/event-hub';
import { DownloadTickets } from '../../src-main/ipc/download-tickets';
import { createRouter } from '../../src-main/ipc/router';
import type { WebServer } from '../../src-main/web/server';
import { createWebServer } from '../../src-main/web/server';
import type { SocketHandlers, SocketLike } from '../../src-renderer/bridge/websocket-bridge';
import { WebSocketBridge } from '../../src-renderer/bridge/websocket-bridge';
import { makeRendererDir, waitFor, wsSocketFactory } from './helpers';
import { unhandledRequests } from '../ipc/unhandled-requests';

const info: AppInfo = { name: 'XDM Loader', version: '9.9.9', mode: 'browser', platform: 'linux', dataDir: '/data' };

describe('WebSocketBridge against the real server', () => {
  let base: string;
  let server: WebServer;
  let files: FileRegistry;
  let events: EventHub;
  let inspectStarted: boolean;
  const bridges: WebSocketBridge[] = [];

  beforeEach(async () => {
    const dirs = await makeRendererDir();
    base = dirs.base;
    files = new FileRegistry();
    events = new EventHub();
    inspectStarted = false;
    const handlers: Handlers<RequestContext> = {
      ...unhandledRequests<RequestContext>(),
      'app.info': async () => info,
      'files.inspect': async ({ fileRef }, ctx) => {
        const file = files.resolve(fileRef);
        if (file.name === 'hang.csv') {
          inspectStarted = true;
          // Never answers on its own: only the page going away ends it.
          await new Promise((_resolve, reject) => ctx.signal?.addEventListener('abort', () => reject(ctx.signal?.reason)));
        }
        throw new AppError('FILE_EMPTY', `${file.name} is empty.`, { file: file.name });
      },
    };
    server = await createWebServer({
      services: { router: createRouter(handlers, { logError: () => undefined }), events, files, dataDir: dirs.dataDir, downloads: new DownloadTickets() },
      rendererDir: dirs.rendererDir,
      port: 0,
    });
  });

  afterEach(async () => {
    for (const bridge of bridges.splice(0)) bridge.dispose();
    await server.close();
    await rm(base, { recursive: true, force: true });
  });

  function bridgeWith(token: string): WebSocketBridge {
    const bridge = new WebSocketBridge({
      token,
      socketUrl: `ws://127.0.0.1:${server.port}/ws`,
      httpOrigin: server.origin,
      createSocket: wsSocketFactory(server.origin),
      reconnectDelaysMs: [20],
    });
    bridges.push(bridge);
    return bridge;
  }

  it("answers requests with the router's envelopes", async () => {
    const bridge = bridgeWith(server.token);
    expect(await bridge.request('app.info', {})).toEqual({ ok: true, value: info });
    const bad = await bridge.request('files.inspect', { fileRef: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'fileRef' } } });
  });

  it('uploads a dropped file and inspects it by reference', async () => {
    const bridge = bridgeWith(server.token);
    const registered = await bridge.registerFile(new File(['id\n'], 'people.csv', { type: 'text/csv' }));
    expect(registered).toMatchObject({ ok: true, value: { name: 'people.csv', size: 3 } });
    if (!registered.ok) return;
    const inspected = await bridge.request('files.inspect', { fileRef: registered.value.fileRef });
    expect(inspected).toEqual({ ok: false, error: { code: 'FILE_EMPTY', message: 'people.csv is empty.', where: { file: 'people.csv' } } });
  });

  it('refuses to register something that is not a file', async () => {
    const bridge = bridgeWith(server.token);
    expect(await bridge.registerFile({ name: 'fake.csv', size: 3 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('reports a missing token as UNAUTHORIZED and a wrong one as UNREACHABLE', async () => {
    expect(await bridgeWith('').request('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await bridgeWith('').registerFile(new File(['x'], 'a.csv'))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await bridgeWith('wrong').request('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(await bridgeWith('wrong').registerFile(new File(['x'], 'a.csv'))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('delivers pushed events to listeners', async () => {
    const bridge = bridgeWith(server.token);
    const received: AppEvent[] = [];
    bridge.onEvent((event) => received.push(event));
    await waitFor(() => (events.listenerCount === 1 ? true : undefined));
    const event: AppEvent = { type: 'file.opened', file: { fileRef: 'f_abcdefgh12', name: 'a.csv', size: 1 } };
    events.emit(event);
    await waitFor(() => (received.length ? true : undefined));
    expect(received).toEqual([event]);
  });

  it('turns requests in flight into UNREACHABLE when the server goes away', async () => {
    const bridge = bridgeWith(server.token);
    const registered = await bridge.registerFile(new File(['a\n1\n'], 'hang.csv'));
    if (!registered.ok) throw new Error('upload failed');
    const pending = bridge.request('files.inspect', { fileRef: registered.value.fileRef });
    await waitFor(() => (inspectStarted ? true : undefined));
    await server.close();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(await bridge.request('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
  });
});

/** A socket the test opens, answers and drops by hand. */
class ScriptedSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.handlers.open();
  }
  drop(reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.handlers.close(1006, reason);
  }
  reply(envelope: unknown): void {
    const last = JSON.parse(this.sent.at(-1) ?? '{}') as { id: number };
    this.handlers.message(JSON.stringify({ id: last.id, type: 'reply', envelope }));
  }
}

describe('WebSocketBridge reconnection', () => {
  function scripted(): { bridge: WebSocketBridge; sockets: ScriptedSocket[] } {
    const sockets: ScriptedSocket[] = [];
    const bridge = new WebSocketBridge({
      token: 'tok',
      socketUrl: 'ws://127.0.0.1:1/ws',
      reconnectDelaysMs: [5],
      createSocket: (url, handlers) => {
        const socket = new ScriptedSocket(url, handlers);
        sockets.push(socket);
        return socket;
      },
    });
    return { bridge, sockets };
  }

  it('sends the token on the upgrade URL and correlates replies by id', async () => {
    const { bridge, sockets } = scripted();
    const reply = bridge.request('app.info', {});
    await waitFor(() => sockets[0]);
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:1/ws?token=tok');
    sockets[0]?.open();
    await waitFor(() => (sockets[0]?.sent.length ? true : undefined));
    expect(JSON.parse(sockets[0]?.sent[0] ?? '')).toEqual({ id: 1, type: 'request', name: 'app.info', input: {} });
    sockets[0]?.reply({ ok: true, value: info });
    expect(await reply).toEqual({ ok: true, value: info });
    bridge.dispose();
  });

  it('fails pending requests on a drop, then connects again for the next request', async () => {
    const { bridge, sockets } = scripted();
    const first = bridge.request('app.info', {});
    await waitFor(() => sockets[0]);
    sockets[0]?.open();
    await waitFor(() => (sockets[0]?.sent.length ? true : undefined));
    sockets[0]?.drop();
    expect(await first).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });

    const second = bridge.request('app.info', {});
    await waitFor(() => sockets[1]);
    sockets[1]?.open();
    await waitFor(() => (sockets[1]?.sent.length ? true : undefined));
    sockets[1]?.reply({ ok: true, value: info });
    expect(await second).toEqual({ ok: true, value: info });
    bridge.dispose();
  });

  it('reconnects on its own while someone listens to events, and ignores malformed events', async () => {
    const { bridge, sockets } = scripted();
    const received: AppEvent[] = [];
    bridge.onEvent((event) => received.push(event));
    await waitFor(() => sockets[0]);
    sockets[0]?.open();
    sockets[0]?.drop();
    const again = await waitFor(() => sockets[1]);
    again.open();
    again.handlers.message(JSON.stringify({ type: 'event', event: { type: 'file.opened' } }));
    again.handlers.message('not json');
    const event: AppEvent = { type: 'file.opened', file: { fileRef: 'f_abcdefgh12', name: 'a.csv', size: 1 } };
    again.handlers.message(JSON.stringify({ type: 'event', event }));
    expect(received).toEqual([event]);
    bridge.dispose();
    expect(again.readyState).toBe(3);
  });

  it('reports a refused connection as UNREACHABLE with the reason', async () => {
    const { bridge, sockets } = scripted();
    const reply = bridge.request('app.info', {});
    const socket = await waitFor(() => sockets[0]);
    socket.drop('bad token');
    expect(await reply).toMatchObject({ ok: false, error: { code: 'UNREACHABLE', message: expect.stringContaining('bad token') } });
  });
});
