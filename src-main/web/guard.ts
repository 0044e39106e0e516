import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Header that carries the token on file uploads. */
export { TOKEN_HEADER } from '../../src-shared/ipc/ws-protocol';

/**
 * A fresh per-run secret.
 * Why: any page in any browser on this machine can reach a loopback port; only the page we
 * opened (which got the token in its URL fragment) may talk to the router or upload files.
 */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The hosts (with port) by which the server may be addressed. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * Whether a Host header names this server.
 * Why: a DNS-rebinding page reaches 127.0.0.1 under its own host name; refusing foreign Host
 * headers keeps it out even before the token is checked.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/**
 * Whether an Origin header is this server's own origin; an absent Origin (a non-browser
 * client, which still needs the token) is allowed, a foreign one never is.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const lowered = origin.toLowerCase();
  return [...allowedHosts(port)].some((host) => lowered === `http://${host}`);
}
