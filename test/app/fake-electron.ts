import { EventEmitter } from 'node:events';

/**
 * A stand-in for the parts of the 'electron' module the shell uses, for `vi.mock('electron')`.
 * Why: the real module cannot load outside an Electron binary (here it would try to download
 * one), yet the shell's wiring (sender checks, navigation denial, menus) is worth testing in
 * plain Node. Each piece records what the shell did with it; `resetFakeElectron` clears it.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeWebContents extends EventEmitter {
  url = 'app://xdm/index.html';
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly session = new FakeSession();
  getURL(): string {
    return this.url;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const ipcMain = new FakeIpcMain();

export const app = Object.assign(new EventEmitter(), { isPackaged: false });

export const session = { defaultSession: new FakeSession() };

export const protocol = {
  schemes: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.schemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler);
  },
};

export interface FakeMenuItem {
  id?: string;
  label?: string;
  role?: string;
  type?: string;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

export const Menu = {
  buildFromTemplate(template: FakeMenuItem[]): { template: FakeMenuItem[] } {
    return { template };
  },
};

export const dialog = {
  openResult: { canceled: false, filePaths: [] as string[] },
  openCalls: [] as unknown[][],
  messages: [] as unknown[][],
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.openCalls.push(args);
    return this.openResult;
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number }> {
    this.messages.push(args);
    return { response: 0 };
  },
};

export function resetFakeElectron(): void {
  ipcMain.handlers.clear();
  app.removeAllListeners();
  app.isPackaged = false;
  session.defaultSession = new FakeSession();
  protocol.schemes.length = 0;
  protocol.handlers.clear();
  dialog.openResult = { canceled: false, filePaths: [] };
  dialog.openCalls.length = 0;
  dialog.messages.length = 0;
}
