import { describe, expect, it } from 'vitest';
import { createToken, hostAllowed, originAllowed, tokenMatches } from '../../src-main/web/guard';
import { sanitizeUploadName } from '../../src-main/web/uploads';
import { AppError } from '../../src-shared/domain/errors';

describe('guard', () => {
  it('creates long, distinct tokens', () => {
    const a = createToken();
    const b = createToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches the token exactly', () => {
    const token = createToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(1))).toBe(false);
    expect(tokenMatches(token, `${token}x`)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, [token])).toBe(false);
  });

  it('accepts only its own loopback host and origin', () => {
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('127.0.0.1:4001', 4000)).toBe(false);
    expect(hostAllowed('evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed(undefined, 4000)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://evil.example', 4000)).toBe(false);
    expect(originAllowed('null', 4000)).toBe(false);
    expect(originAllowed('https://127.0.0.1:4000', 4000)).toBe(false);
  });
});

describe('sanitizeUploadName', () => {
  it('keeps the base name only and replaces what a file system would refuse', () => {
    expect(sanitizeUploadName('people.csv')).toBe('people.csv');
    expect(sanitizeUploadName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeUploadName('C:\\Users\\a\\b.csv')).toBe('b.csv');
    expect(sanitizeUploadName('a\u0000b?.csv')).toBe('a_b_.csv');
    const long = sanitizeUploadName(`${'x'.repeat(500)}.parquet`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.parquet')).toBe(true);
  });

  it.each([undefined, '', '  ', '..', 'a/..', '/'])('refuses %j', (name) => {
    expect(() => sanitizeUploadName(name)).toThrow(AppError);
  });
});
