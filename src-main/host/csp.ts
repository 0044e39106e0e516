/**
 * The Content-Security-Policy of the renderer, in Electron and in browser mode alike.
 * Do not relax: this is the last line if anything ever injects markup into the page.
 * Why these sources: scripts and styles only from our own build; `style-src 'unsafe-inline'`
 * because React Spectrum and react-aria write `<style>` elements and style attributes at run
 * time; `connect-src ws://127.0.0.1:*` for the browser-mode WebSocket (its port is random);
 * no plugins, no `<base>`, and no framing by anyone.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every browser-mode response (the Electron shell sets the CSP the same way). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
