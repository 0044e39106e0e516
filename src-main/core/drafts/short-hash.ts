import { createHash } from 'node:crypto';

/**
 * The first `hexDigits` hex digits of the SHA-256 of `data`: a name or an id that stays the same
 * for the same text or bytes (a draft's file, a recent entry's id, a file's fingerprint). Why short:
 * these tell apart the files of one person's machine, where 96 bits and more never meet by chance,
 * and a shorter name keeps paths and ids readable.
 */
export function shortHash(data: string | Uint8Array, hexDigits: number): string {
  return createHash('sha256').update(data).digest('hex').slice(0, hexDigits);
}
