/**
 * Access tokens: HMAC-signed, self-describing, so they survive a sandbox restart.
 *
 * A token carries its client id and expiry; the gateway checks the signature and the clock. No
 * token table is needed, and a short lifetime (a fault switch) is just a smaller `exp`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  clientId: string;
  exp: number;
}

/** Issues `{ token, expiresIn }` for `clientId`, valid `lifetimeSeconds`. */
export function issueToken(key: string, clientId: string, lifetimeSeconds: number, now = Date.now()): string {
  const claims: TokenClaims = { clientId, exp: now + lifetimeSeconds * 1000 };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', key).update(payload).digest('base64url');
  return `eyJ.${payload}.${sig}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Verifies a token's signature and expiry. */
export function verifyToken(key: string, token: string, now = Date.now()): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== 'eyJ') return { ok: false, reason: 'invalid' };
  const payload = parts[1] ?? '';
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(parts[2] ?? '', 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof claims.exp !== 'number' || typeof claims.clientId !== 'string') return { ok: false, reason: 'invalid' };
    if (claims.exp <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
