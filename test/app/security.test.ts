import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/csp';
import { APP_ENTRY_URL, contentSecurityPolicy, isTrustedAppUrl, isTrustedSender, secureWebPreferences } from '../../src-main/app/security-policy';
import { hardenSession, hardenWebContents, installSecurityHandlers, windowWebPreferences } from '../../src-main/app/security';
import { app, FakeSession, FakeWebContents, resetFakeElectron, session } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

beforeEach(() => resetFakeElectron());

describe('security policy (do not relax)', () => {
  it('isolates and sandboxes the renderer with no Node anywhere', () => {
    expect(secureWebPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(Object.isFrozen(secureWebPreferences)).toBe(true);
  });

  it('gives the window those preferences plus only the preload and devTools', () => {
    const prefs = windowWebPreferences({ preload: '/app/dist/main/preload.cjs', devTools: false });
    expect(prefs).toEqual({ ...secureWebPreferences, preload: '/app/dist/main/preload.cjs', devTools: false });
  });

  it('uses the shared strict CSP: scripts only from our own origin, no eval, no framing', () => {
    expect(contentSecurityPolicy).toBe(CONTENT_SECURITY_POLICY);
    const directives = new Map(
      contentSecurityPolicy.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-eval|wasm-unsafe-eval/);
    for (const [name, values] of directives) expect(values, name).not.toContain('*');
  });

  it('trusts app:// on our host and nothing else', () => {
    expect(isTrustedAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedAppUrl('app://xdm/')).toBe(true);
    expect(isTrustedAppUrl('app://xdm/assets/index-abc.js?x=1#y')).toBe(true);
    for (const url of [
      'http://evil.example/',
      'https://xdm/index.html',
      'file:///work/main/dist/renderer/index.html',
      'app://other/index.html',
      'app://xdm.evil/index.html',
      'app://evil@xdm/index.html',
      'app://xdm:8080/index.html',
      'data:text/html,<p>hi</p>',
      'about:blank',
      'javascript:alert(1)',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ]) {
      expect(isTrustedAppUrl(url), url).toBe(false);
    }
  });

  it('trusts an IPC sender only when it is our window, its main frame, and a page of ours', () => {
    const good = { fromOurWindow: true, frame: { url: APP_ENTRY_URL, isMainFrame: true } };
    expect(isTrustedSender(good)).toBe(true);
    expect(isTrustedSender({ ...good, fromOurWindow: false })).toBe(false);
    expect(isTrustedSender({ ...good, frame: null })).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: APP_ENTRY_URL, isMainFrame: false } })).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: 'http://evil.example/', isMainFrame: true } })).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: 'file:///tmp/x.html', isMainFrame: true } })).toBe(false);
    expect(isTrustedSender({ ...good, frame: { url: 'app://other/index.html', isMainFrame: true } })).toBe(false);
  });
});

describe('hardening applied through Electron', () => {
  function fakeEvent(): { preventDefault: () => void; prevented: boolean } {
    const event = {
      prevented: false,
      preventDefault() {
        event.prevented = true;
      },
    };
    return event;
  }

  it('denies navigation (including navigate-on-drop), redirects, new windows and webviews', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent();
      contents.emit(name, event, 'file:///home/user/dropped.csv');
      expect(event.prevented, name).toBe(true);
    }
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const target = new FakeSession();
    hardenSession(target as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fileSystem']) {
      target.permissionRequestHandler?.(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(target.permissionCheckHandler?.(null, 'clipboard-read', APP_ENTRY_URL, {})).toBe(false);
    expect(target.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });

  it('hardens the default session and every webContents created later', () => {
    installSecurityHandlers();
    expect(session.defaultSession.permissionCheckHandler?.()).toBe(false);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.session.permissionCheckHandler?.()).toBe(false);
  });
});
