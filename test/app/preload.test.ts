import { build } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { channels, requestNames } from '../../src-shared/ipc/contract';
import { preloadRequestNames } from '../../src-main/app/preload-request-names';

/**
 * The preload, exactly as the build bundles it (one CommonJS file, 'electron' external), run
 * in a fresh VM context where `require` knows only a fake 'electron'.
 * Why not read the source: what matters is what the sandboxed bundle does at run time: what it
 * exposes, what it refuses, and that it needs nothing from Node.
 */

const root = path.resolve(import.meta.dirname, '../..');
let bundle: string;

beforeAll(async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src-main/app/preload.ts'],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no preload bundle');
  bundle = output.text;
});

type Listener = (event: unknown, payload: unknown) => void;

interface Loaded {
  exposed: Array<{ key: string; api: Record<string, unknown> }>;
  invoked: unknown[][];
  listeners: Map<string, Set<Listener>>;
  required: string[];
  bridge: {
    request(name: unknown, input: unknown): Promise<unknown>;
    onEvent(listener: (event: unknown) => void): () => void;
    registerFile(file: unknown): Promise<unknown>;
  };
}

/** Runs the bundle with a fake electron; `getPathForFile` answers for the fake File objects. */
function load(getPathForFile: (file: unknown) => string = () => '/home/u/customers.csv'): Loaded {
  const exposed: Loaded['exposed'] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: Record<string, unknown>) {
        exposed.push({ key, api });
      },
    },
    ipcRenderer: {
      invoke(...args: unknown[]) {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: 'from main' });
      },
      on(channel: string, listener: Listener) {
        const set = listeners.get(channel) ?? new Set<Listener>();
        set.add(listener);
        listeners.set(channel, set);
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
    webUtils: { getPathForFile },
  };
  const module = { exports: {} };
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`the sandboxed preload may not require ${id}`);
  };
  const context = vm.createContext({ console });
  const wrapper = vm.runInContext(`(function (require, module, exports) {\n${bundle}\n})`, context) as (
    require: (id: string) => unknown,
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  wrapper(sandboxRequire, module, module.exports);
  const api = exposed[0]?.api;
  if (!api) throw new Error('nothing was exposed');
  return { exposed, invoked, listeners, required, bridge: api as unknown as Loaded['bridge'] };
}

describe('preload request names', () => {
  it("are the contract's request names, each once", () => {
    expect(new Set(preloadRequestNames).size).toBe(preloadRequestNames.length);
    expect([...preloadRequestNames].sort()).toEqual([...requestNames].sort());
  });
});

describe('preload bundle', () => {
  it('bundles no zod: the contract is imported for its types only', () => {
    // zod alone is hundreds of KB; the preload's own code is a few KB.
    expect(bundle).not.toMatch(/node_modules[\\/]zod/);
    expect(bundle.length).toBeLessThan(20_000);
  });

  it('requires nothing but electron', () => {
    expect(load().required).toEqual(['electron']);
  });

  it('exposes window.xdm with exactly request, onEvent and registerFile', () => {
    const { exposed } = load();
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.key).toBe('xdm');
    expect(Object.keys(exposed[0]?.api ?? {}).sort()).toEqual(['onEvent', 'registerFile', 'request']);
    for (const value of Object.values(exposed[0]?.api ?? {})) expect(typeof value).toBe('function');
  });

  it('forwards allow-listed requests to main on the request channel', async () => {
    const { bridge, invoked } = load();
    expect(requestNames.length).toBeGreaterThan(0);
    for (const name of requestNames) {
      await expect(bridge.request(name, { probe: name })).resolves.toEqual({ ok: true, value: 'from main' });
    }
    expect(invoked).toEqual(requestNames.map((name) => [channels.request, name, { probe: name }]));
  });

  it('refuses names outside the allow-list without calling main', async () => {
    const { bridge, invoked } = load();
    for (const name of ['secrets.read', 'app.info ', '__proto__', 'constructor', 'toString', 42, null, undefined, { toString: () => 'app.info' }]) {
      const reply = (await bridge.request(name, {})) as { ok: boolean; error?: { code: string } };
      expect(reply.ok, String(name)).toBe(false);
      expect(reply.error?.code, String(name)).toBe('UNKNOWN_REQUEST');
    }
    expect(invoked).toEqual([]);
  });

  it('passes event payloads only, and unsubscribes', () => {
    const { bridge, listeners } = load();
    const received: unknown[] = [];
    const unsubscribe = bridge.onEvent((event) => received.push(event));
    const channel = listeners.get(channels.event);
    expect(channel?.size).toBe(1);
    const payload = { type: 'file.opened', file: { fileRef: 'f_abcdefgh12345678', name: 'a.csv', size: 1 } };
    for (const listener of channel ?? []) listener({ sender: 'ipc internals', ports: [] }, payload);
    expect(received).toEqual([payload]);
    unsubscribe();
    expect(channel?.size).toBe(0);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { bridge, listeners } = load();
    const received: unknown[] = [];
    const quiet = { ...console, error: () => undefined };
    const restore = console.error;
    console.error = quiet.error;
    try {
      bridge.onEvent(() => {
        throw new Error('listener bug');
      });
      bridge.onEvent((event) => received.push(event));
      for (const listener of listeners.get(channels.event) ?? []) listener({}, { type: 'file.opened' });
    } finally {
      console.error = restore;
    }
    expect(received).toEqual([{ type: 'file.opened' }]);
  });

  it('turns a dropped File into its path and registers it on the register channel', async () => {
    const file = { name: 'customers.csv', size: 10 };
    const { bridge, invoked } = load((f) => (f === file ? '/home/u/customers.csv' : ''));
    await expect(bridge.registerFile(file)).resolves.toEqual({ ok: true, value: 'from main' });
    expect(invoked).toEqual([[channels.registerFile, '/home/u/customers.csv']]);
  });

  it('refuses in-memory files and non-files without calling main', async () => {
    const { bridge, invoked } = load((f) => {
      if (typeof f !== 'object' || f === null) throw new TypeError('not a File');
      return '';
    });
    await expect(bridge.registerFile({ name: 'made-up.csv', size: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    await expect(bridge.registerFile('/etc/passwd')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invoked).toEqual([]);
  });
});
