// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { takeToken } from '../../src-renderer/bridge/token';

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  delete (window as Window & { xdm?: XdmBridge }).xdm;
  vi.resetModules();
});

describe('takeToken', () => {
  it('reads #token=, removes it from the address bar and keeps it for reloads', () => {
    window.history.replaceState(null, '', '/?x=1#token=abc_DEF-123');
    expect(takeToken()).toBe('abc_DEF-123');
    expect(window.location.hash).toBe('');
    expect(window.location.href).toBe(`${window.location.origin}/?x=1`);
    // A reload: no fragment any more, the same tab still knows the token.
    expect(takeToken()).toBe('abc_DEF-123');
  });

  it('gives an empty token when the page was opened without one', () => {
    expect(takeToken()).toBe('');
  });
});

describe('getBridge', () => {
  it('uses the preload bridge when Electron provided window.xdm', async () => {
    const preload: XdmBridge = {
      request: vi.fn(),
      onEvent: vi.fn(() => () => undefined),
      registerFile: vi.fn(),
    };
    (window as Window & { xdm?: XdmBridge }).xdm = preload;
    const { getBridge } = await import('../../src-renderer/bridge/index');
    expect(getBridge()).toBe(preload);
  });

  it('falls back to the WebSocket bridge with the token from the fragment', async () => {
    window.history.replaceState(null, '', '/#token=tok123');
    const { getBridge, WebSocketBridge } = await import('../../src-renderer/bridge/index');
    const bridge = getBridge();
    expect(bridge).toBeInstanceOf(WebSocketBridge);
    expect(getBridge()).toBe(bridge);
    expect(window.location.hash).toBe('');
    expect(window.sessionStorage.getItem('xdm-loader.token')).toBe('tok123');
  });
});
