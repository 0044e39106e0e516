import { protocol } from 'electron';
import { serveAppFile } from './app-files';
import { APP_SCHEME } from './security-policy';

/**
 * Registers app:// as a privileged scheme. Must run before the app is ready.
 * Why these privileges: `standard` gives the scheme real origins (so 'self' in the CSP and
 * relative URLs work), `secure` makes it a secure context like https, `supportFetchAPI` lets
 * the page load its own assets with fetch, and `codeCache` keeps startup fast. Do not add
 * `bypassCSP`, `allowServiceWorkers` or `corsEnabled`: the last would let other origins read
 * app:// responses; same-origin module scripts load without it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/**
 * Serves app:// from the renderer build folder (only files inside it, with the CSP header on
 * every response). Must run after the app is ready.
 */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request, rendererRoot));
}
