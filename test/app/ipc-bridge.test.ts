import type { BrowserWindow } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent, Envelope, RegisteredFile } from '../../src-shared/ipc/contract';
import { channels } from '../../src-shared/ipc/contract';
import type { IpcServices } from '../../src-main/app/ipc-bridge';
import { bindIpc } from '../../src-main/app/ipc-bridge';
import { createRouter } from '../../src-main/ipc/router';
import type { RequestContext } from '../../src-main/ipc/context';
import { unhandledRequests } from '../ipc/unhandled-requests';
import { FakeBrowserWindow, FakeWebContents, ipcMain, resetFakeElectron } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const dir = mkdtempSync(path.join(tmpdir(), 'xdm-ipc-bridge-'));
const csv = path.join(dir, 'customers.csv');
writeFileSync(csv, 'id,email\n1,a@example.com\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Harness {
  window: FakeBrowserWindow;
  routed: unknown[][];
  registered: string[];
  listeners: Set<(event: AppEvent) => void>;
  unbind: () => void;
}

function setUp(router?: IpcServices['router']): Harness {
  const window = new FakeBrowserWindow();
  const routed: unknown[][] = [];
  const registered: string[] = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const services: IpcServices = {
    router: router ?? {
      async handle(name, input, ctx) {
        routed.push([name, input, ctx.transport, ctx.signal instanceof AbortSignal]);
        return { ok: true, value: 'routed' };
      },
    },
    events: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    files: {
      async register(filePath): Promise<RegisteredFile> {
        registered.push(filePath);
        return { fileRef: 'f_abcdefgh12345678', name: path.basename(filePath), size: 26 };
      },
    },
  };
  const unbind = bindIpc(services, () => window as unknown as BrowserWindow);
  return { window, routed, registered, listeners, unbind };
}

/** An IPC event as Electron would build it for a frame of `sender` showing `url`. */
function ipcEvent(sender: FakeWebContents, url: string, isMainFrame = true) {
  return { sender, senderFrame: { url, parent: isMainFrame ? null : {} } };
}

async function invoke(channel: string, event: unknown, ...args: unknown[]): Promise<Envelope<unknown>> {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler on ${channel}`);
  return (await handler(event, ...args)) as Envelope<unknown>;
}

beforeEach(() => resetFakeElectron());
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Electron IPC binding', () => {
  it('routes requests from our window’s app:// page with an abort signal', async () => {
    const h = setUp();
    const reply = await invoke(channels.request, ipcEvent(h.window.webContents, 'app://xdm/index.html'), 'app.info', {});
    expect(reply).toEqual({ ok: true, value: 'routed' });
    expect(h.routed).toEqual([['app.info', {}, 'electron', true]]);
  });

  it('answers an input nested 100,000 levels deep with INVALID_INPUT through the real router', async () => {
    const h = setUp(
      createRouter(
        {
          ...unhandledRequests<RequestContext>(),
          'app.info': async () => ({ name: 'XDM Loader', version: '1', mode: 'electron', platform: 'linux', dataDir: '/d' }),
        },
        { logError: () => undefined },
      ),
    );
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const reply = await invoke(channels.request, ipcEvent(h.window.webContents, 'app://xdm/index.html'), 'app.info', deep);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('nested deeper than') as string } });
  });

  it('refuses senders that are not our window’s main frame on app://xdm, without routing', async () => {
    const h = setUp();
    const stranger = new FakeWebContents();
    const cases = [
      ipcEvent(stranger, 'app://xdm/index.html'),
      ipcEvent(h.window.webContents, 'http://evil.example/'),
      ipcEvent(h.window.webContents, 'file:///tmp/evil.html'),
      ipcEvent(h.window.webContents, 'app://other/index.html'),
      ipcEvent(h.window.webContents, 'app://xdm/index.html', false),
      { sender: h.window.webContents, senderFrame: null },
    ];
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const event of cases) {
      const reply = await invoke(channels.request, event, 'app.info', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const fileReply = await invoke(channels.registerFile, event, csv);
      expect(fileReply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(h.routed).toEqual([]);
    expect(h.registered).toEqual([]);
  });

  it('refuses everything once the window is destroyed', async () => {
    const h = setUp();
    h.window.destroyed = true;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const reply = await invoke(channels.request, ipcEvent(h.window.webContents, 'app://xdm/index.html'), 'app.info', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('registers an absolute path to an existing regular file', async () => {
    const h = setUp();
    const reply = await invoke(channels.registerFile, ipcEvent(h.window.webContents, 'app://xdm/'), csv);
    expect(reply).toEqual({ ok: true, value: { fileRef: 'f_abcdefgh12345678', name: 'customers.csv', size: 26 } });
    expect(h.registered).toEqual([csv]);
  });

  it('refuses relative paths, folders, missing files and non-strings with coded errors', async () => {
    const h = setUp();
    const event = ipcEvent(h.window.webContents, 'app://xdm/index.html');
    for (const [value, code] of [
      ['customers.csv', 'INVALID_INPUT'],
      ['../etc/passwd', 'INVALID_INPUT'],
      ['', 'INVALID_INPUT'],
      [42, 'INVALID_INPUT'],
      [{ path: csv }, 'INVALID_INPUT'],
      [`${csv}\0.txt`, 'INVALID_INPUT'],
      [dir, 'FILE_UNREADABLE'],
      [path.join(dir, 'missing.csv'), 'FILE_UNREADABLE'],
    ] as const) {
      const reply = await invoke(channels.registerFile, event, value);
      expect(reply, String(value)).toMatchObject({ ok: false, error: { code } });
    }
    expect(h.registered).toEqual([]);
  });

  it('forwards events to the window only while it shows a page of ours', () => {
    const h = setUp();
    const file: RegisteredFile = { fileRef: 'f_abcdefgh12345678', name: 'customers.csv', size: 26 };
    for (const listener of h.listeners) listener({ type: 'file.opened', file });
    expect(h.window.webContents.sent).toEqual([{ channel: channels.event, args: [{ type: 'file.opened', file }] }]);

    h.window.webContents.url = 'https://evil.example/';
    for (const listener of h.listeners) listener({ type: 'file.opened', file });
    h.window.webContents.url = 'app://xdm/index.html';
    h.window.destroyed = true;
    for (const listener of h.listeners) listener({ type: 'file.opened', file });
    expect(h.window.webContents.sent).toHaveLength(1);
  });

  it('unbinds its handlers and its event subscription', () => {
    const h = setUp();
    h.unbind();
    expect(ipcMain.handlers.size).toBe(0);
    expect(h.listeners.size).toBe(0);
  });
});
