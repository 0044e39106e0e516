/**
 * Identifier generators for sandbox resources.
 *
 * AEP ids look like 24-hex Mongo ids (datasets), ULIDs (batches) or 32-hex strings (schemas); clients
 * only treat them as opaque strings, so we generate ids of the same shapes from crypto randomness.
 */
import { createHash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A 24-hex id, the shape of Catalog dataset ids. */
export function hexId(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

/** A ULID-like 26-character id, the shape of batch ids (`01H…`), sortable by creation time. */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[(rand[i] ?? 0) % 32];
  return time + tail;
}

const XID_BYTES = 21;
/** Random bytes drawn 512 XIDs at a time: a `randomBytes` call per XID was 7% of the processing worker's CPU profile. */
let xidPool = Buffer.alloc(0);
let xidOffset = 0;

/** A base64url id, the shape of Profile XIDs. */
export function xid(): string {
  if (xidOffset + XID_BYTES > xidPool.length) {
    xidPool = randomBytes(XID_BYTES * 512);
    xidOffset = 0;
  }
  const id = xidPool.subarray(xidOffset, xidOffset + XID_BYTES).toString('base64url');
  xidOffset += XID_BYTES;
  return id;
}

/** A UUID-shaped id that is always the same for the same seed (merge policy ids, sandbox ids). */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The `sandboxId` AEP objects carry (a UUID); the sandbox is known to clients by its name. */
export function sandboxIdOf(sandboxName: string): string {
  return stableUuid(sandboxName);
}
