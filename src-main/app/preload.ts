import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { AppEvent, Envelope, RegisteredFile, RequestInput, RequestName, RequestOutput, XdmBridge } from '../../src-shared/ipc/contract';
import { channels } from '../../src-shared/ipc/channels';
import { preloadRequestNames } from './preload-request-names';

/**
 * The preload: the only door between the renderer and main.
 * Why so small: it exposes exactly `request` (allow-listed names only), `onEvent` (payload
 * only, with an unsubscribe) and `registerFile` (a dropped File becomes a path here, never in
 * the page), and nothing of ipcRenderer, Node or Electron (design section 4). It runs sandboxed,
 * so it is bundled into one CommonJS file whose only import is 'electron'; it imports nothing
 * from the contract at run time (types only), which would bundle zod with it.
 */

const allowedNames = new Set<string>(preloadRequestNames);

function failure(code: 'UNKNOWN_REQUEST' | 'INVALID_INPUT' | 'FILE_UNREADABLE', message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

const bridge = {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Envelope<RequestOutput<N>>> {
    if (typeof name !== 'string' || !allowedNames.has(name)) {
      const shown = typeof name === 'string' ? `"${String(name).slice(0, 100)}"` : 'a non-string name';
      return Promise.resolve(failure('UNKNOWN_REQUEST', `There is no request called ${shown}.`));
    }
    return ipcRenderer.invoke(channels.request, name, input);
  },

  onEvent(listener: (event: AppEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function.');
    const forward = (_event: IpcRendererEvent, payload: AppEvent): void => {
      try {
        listener(payload);
      } catch (error) {
        // One failing listener must not keep the event from the others.
        console.error('[xdm] event listener failed:', error);
      }
    };
    ipcRenderer.on(channels.event, forward);
    return () => {
      ipcRenderer.removeListener(channels.event, forward);
    };
  },

  async registerFile(file: File): Promise<Envelope<RegisteredFile>> {
    let filePath: string;
    try {
      filePath = webUtils.getPathForFile(file);
    } catch {
      return failure('INVALID_INPUT', 'Only files can be dropped here.');
    }
    // An empty path means the File exists only in memory (made by a page, not read from disk).
    if (filePath === '') return failure('FILE_UNREADABLE', `${file.name} is not a file on disk.`);
    return ipcRenderer.invoke(channels.registerFile, filePath);
  },
} satisfies XdmBridge;

contextBridge.exposeInMainWorld('xdm', bridge);
