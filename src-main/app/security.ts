import type { Session, WebContents, WebPreferences } from 'electron';
import { app, session } from 'electron';
import { secureWebPreferences } from './security-policy';

/**
 * The Electron shell's security settings, applied in one place.
 * DO NOT RELAX anything in this file (or in security-policy.ts, whose values it applies): the
 * renderer shows data from files and from the network, and this is what keeps a bug there from
 * becoming code execution on the user's machine (design section 7, Electron security checklist).
 */

/** Web preferences for our window: the secure baseline plus the preload and devTools. */
export function windowWebPreferences(options: { preload: string; devTools: boolean }): WebPreferences {
  return { ...secureWebPreferences, preload: options.preload, devTools: options.devTools };
}

/**
 * Denies, on any webContents: every navigation (will-navigate also fires for a file dropped
 * outside our drop zones, so this is what stops Electron's navigate-on-drop), every redirect
 * of a navigation, every new window, and every <webview> attachment.
 * Why deny everything: the app is a single page served from app://; it never needs to leave
 * it, and links to the outside world are not offered.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Denies, on a session, every permission request and check (camera, microphone, display
 * capture, notifications, geolocation, clipboard read, HID, serial, USB, ...) and device access.
 * Setting the same handlers again is harmless, so this may run once per webContents.
 */
export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}

/**
 * Installs the hardening for every webContents the app will ever create, and on the default
 * session. Call once, when the app is ready.
 * Why app-wide rather than per window: a webContents created by anything (a future dialog
 * window, a devtools-opened page) is covered without having to remember to harden it.
 */
export function installSecurityHandlers(): void {
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
    hardenSession(contents.session);
  });
}
