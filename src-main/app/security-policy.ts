import { CONTENT_SECURITY_POLICY } from '../host/csp';

/**
 * The Electron shell's security policy as plain data and pure predicates.
 * Do not relax: every value here is one item of the Electron security checklist (design
 * section 7). Why a separate module with no 'electron' import: unit tests in plain Node read
 * and exercise exactly what `security.ts` applies, so the policy cannot drift untested.
 */

/** The privileged scheme the renderer is served from, instead of file://. */
export const APP_SCHEME = 'app';
/** The one host of that scheme; anything else on app:// is not ours. */
export const APP_HOST = 'xdm';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The renderer's Content-Security-Policy, shared with browser mode (src-main/host/csp.ts). */
export const contentSecurityPolicy = CONTENT_SECURITY_POLICY;

/**
 * The web preferences of every window we create (the preload path and devTools are added by
 * the caller). Do not relax: the renderer must never reach Node or Electron except through
 * the three members the preload exposes.
 */
export const secureWebPreferences = Object.freeze({
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
  enableWebSQL: false,
  safeDialogs: true,
} as const);

/**
 * Whether a URL is a page of ours: app:// on our own host, nothing else.
 * Why so narrow: IPC senders and navigations are checked with this, and a page from any other
 * origin (http://, file://, another app:// host, a data: URL) must not reach the router.
 */
export function isTrustedAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

/** What main knows about the sender of an IPC message, gathered from Electron's event. */
export interface IpcSenderFacts {
  /** Whether the message came from our window's webContents (not another window or page). */
  fromOurWindow: boolean;
  /** The sending frame, or null when it is already gone (navigated away or destroyed). */
  frame: { url: string; isMainFrame: boolean } | null;
}

/**
 * Whether an IPC message may reach the router: only from the main frame of our own window,
 * showing a page of ours. Do not relax.
 * Why all three: a message from a subframe, from another webContents, or from our window after
 * it was somehow made to show another origin must not be able to act as the app.
 */
export function isTrustedSender(facts: IpcSenderFacts): boolean {
  return facts.fromOurWindow && facts.frame !== null && facts.frame.isMainFrame && isTrustedAppUrl(facts.frame.url);
}
