/**
 * Sandbox id shapes: XIDs come from a pool of random bytes, so they must stay 28 base64url
 * characters and distinct across pool refills.
 */
import { describe, expect, it } from 'vitest';
import { hexId, ulid, xid } from '../../src-main/core/sandbox/ids';

describe('sandbox ids', () => {
  it('draws distinct 28-character base64url XIDs across several pool refills', () => {
    const ids = Array.from({ length: 2000 }, () => xid());
    expect(ids.every((id) => /^[A-Za-z0-9_-]{28}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes 24-hex dataset ids and 26-character ULIDs', () => {
    expect(hexId()).toMatch(/^[0-9a-f]{24}$/);
    expect(ulid(0)).toMatch(/^0{10}[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});
