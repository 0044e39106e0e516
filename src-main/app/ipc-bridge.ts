import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { isAppError } from '../../src-shared/domain/errors';
import type { AppEvent, Envelope, RegisteredFile } from '../../src-shared/ipc/contract';
import { channels } from '../../src-shared/ipc/contract';
import type { RequestContext } from '../ipc/context';
import { INTERNAL_MESSAGE } from '../ipc/router';
import { checkRegistrablePath } from './registrable-path';
import { isTrustedAppUrl, isTrustedSender } from './security-policy';

/** The parts of the main services the IPC binding uses. */
export interface IpcServices {
  router: { handle(name: unknown, input: unknown, ctx: RequestContext): Promise<Envelope<unknown>> };
  events: { subscribe(listener: (event: AppEvent) => void): () => void };
  files: { register(path: string, displayName?: string): Promise<RegisteredFile> };
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from the XDM Loader window.' },
};

/**
 * Binds the router, the event stream and file registration to Electron IPC.
 * Why a check on every message: any page that ends up in a renderer process can send IPC, so
 * each handler first proves the sender is our window's main frame showing app:// on our host
 * (GitHub Desktop's trusted-sender pattern); everything else gets a FORBIDDEN envelope.
 * Returns a function that unbinds everything.
 */
export function bindIpc(services: IpcServices, getWindow: () => BrowserWindow | null): () => void {
  const signals = new WeakMap<WebContents, AbortController>();

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const window = getWindow();
    const frame = event.senderFrame;
    const ok = isTrustedSender({
      fromOurWindow: window !== null && !window.isDestroyed() && event.sender === window.webContents,
      frame: frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null },
    });
    if (!ok) console.warn(`[ipc] refused a message from ${frame?.url ?? 'a destroyed frame'}`);
    return ok;
  };

  /** Work a request started stops when the window that asked for it goes away. */
  const signalFor = (contents: WebContents): AbortSignal => {
    let controller = signals.get(contents);
    if (!controller) {
      const created = new AbortController();
      contents.once('destroyed', () => created.abort());
      signals.set(contents, created);
      controller = created;
    }
    return controller.signal;
  };

  ipcMain.handle(channels.request, async (event, name: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!trusted(event)) return refused;
    return services.router.handle(name, input, { transport: 'electron', signal: signalFor(event.sender) });
  });

  ipcMain.handle(channels.registerFile, async (event, filePath: unknown): Promise<Envelope<RegisteredFile>> => {
    if (!trusted(event)) return refused;
    try {
      const checked = await checkRegistrablePath(filePath);
      return { ok: true, value: await services.files.register(checked) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toShape() };
      console.error('[ipc] registering a dropped file failed', error);
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }
  });

  const unsubscribe = services.events.subscribe((event) => {
    const window = getWindow();
    if (window === null || window.isDestroyed()) return;
    const contents = window.webContents;
    // Events carry file names and job data: send them only to a page of ours.
    if (!isTrustedAppUrl(contents.getURL())) return;
    contents.send(channels.event, event);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(channels.request);
    ipcMain.removeHandler(channels.registerFile);
  };
}
