/**
 * The Profile store: identity graph, record fragments and experience events, in SQLite.
 *
 * Records that share any identity join one profile (merging profiles when a record links two).
 * Each profile record is kept as a fragment; the entity is the fragments merged in ingestion order,
 * so per attribute the latest record wins (the `timestampOrdered` merge policy) and REVERT only has
 * to delete a batch's fragments and events.
 */
import type { Statement, Transaction } from 'better-sqlite3';
import type { SqliteDb } from '../store/database';
import { randomBytes } from 'node:crypto';
import { xid } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

export interface IdentityRef {
  /** Namespace code as sent; stored and matched in lower case. */
  ns: string;
  id: string;
  primary: boolean;
}

export interface ProfileInput {
  kind: 'profile' | 'event';
  identities: IdentityRef[];
  record: JsonObject;
  eventId?: string;
  timestamp?: number;
}

export interface EntityView {
  id: string;
  attrs: JsonObject;
  /** `primary`: some record sent it as its primary identity (identityMap flag or primary descriptor). */
  identities: Array<{ ns: string; id: string; primary: boolean }>;
  sources: string[];
  batches: string[];
  lastModified: number;
}

export interface EventRow {
  id: string;
  ts: number;
  entity: JsonObject;
  updated: number;
}

/** XID bytes: 28 base64url characters, as `xid()`. */
const XID_BYTES = 21;
/** New profile ids share their first 8 characters for this many ids in a row. */
export const XID_RUN = 65536;

/**
 * Profile ids: XIDs of the same shape as `xid()` (28 base64url characters, random to a client), but
 * made of a random 6-byte prefix kept for a run of `XID_RUN` ids, a 16-bit counter and 13 random
 * bytes. Fully random ids put every new profile's rows at a random place of the `identities_profile`
 * and `fragments_profile` indexes, so a Profile transaction of a 1 GB batch dirtied thousands of
 * scattered index pages (each written to the WAL, then checkpointed); ids sharing a prefix land in one
 * small, hot part of those indexes.
 */
export class ProfileIds {
  private prefix = randomBytes(6);
  private counter = XID_RUN;
  private pool = Buffer.alloc(0);
  private offset = 0;

  next(): string {
    if (this.counter >= XID_RUN) {
      this.prefix = randomBytes(6);
      this.counter = 0;
    }
    if (this.offset + 13 > this.pool.length) {
      this.pool = randomBytes(13 * 512);
      this.offset = 0;
    }
    const id = Buffer.allocUnsafe(XID_BYTES);
    this.prefix.copy(id, 0);
    id.writeUInt16BE(this.counter, 6);
    this.pool.copy(id, 8, this.offset, this.offset + 13);
    this.counter += 1;
    this.offset += 13;
    return id.toString('base64url');
  }
}

/** Deep-merges `src` into `target`: objects recursively, everything else replaced. */
function merge(target: JsonObject, src: JsonObject): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = target[k];
    if (isJsonObject(cur) && isJsonObject(v)) merge(cur, v);
    else target[k] = v;
  }
}

/**
 * Merges a profile fragment into the entity: as `merge`, but the fragments' `identityMap` lists are
 * joined (a later item with the same id replaces the earlier one), since a profile holds the
 * identities of all its records, not only the latest record's.
 */
function mergeFragment(entity: JsonObject, fragment: JsonObject): void {
  const { identityMap, ...rest } = fragment;
  merge(entity, rest);
  if (!isJsonObject(identityMap)) return;
  const joined = isJsonObject(entity.identityMap) ? entity.identityMap : {};
  for (const [ns, items] of Object.entries(identityMap)) {
    if (!Array.isArray(items)) continue;
    const list = Array.isArray(joined[ns]) ? joined[ns] : [];
    for (const item of items) {
      const at = isJsonObject(item) ? list.findIndex((i) => isJsonObject(i) && i.id === item.id) : -1;
      if (at >= 0) list[at] = item;
      else list.push(item);
    }
    joined[ns] = list;
  }
  entity.identityMap = joined;
}

export class ProfileStore {
  private readonly ids = new ProfileIds();
  private readonly findIdentity: Statement<[string, string, string]>;
  private readonly findProfile: Statement<[string, string, string], string>;
  private readonly insertIdentity: Statement<[string, string, string, string]>;
  private readonly insertPrimary: Statement<[string, string, string]>;
  private readonly moveIdentities: Statement<[string, string, string]>;
  private readonly moveFragments: Statement<[string, string, string]>;
  private readonly moveEvents: Statement<[string, string, string]>;
  private readonly insertFragment: Statement<[string, string, string, string, string, number]>;
  private readonly insertEvent: Statement<[string, string, string, number, string, string, string, number]>;
  private readonly ingest: Transaction<(sandbox: string, batch: string, dataset: string, items: ProfileInput[]) => void>;

  constructor(private readonly db: SqliteDb) {
    this.findIdentity = db.prepare('SELECT profile FROM identities WHERE sandbox = ? AND ns = ? AND value = ?');
    this.findProfile = db.prepare<[string, string, string], string>('SELECT profile FROM identities WHERE sandbox = ? AND ns = ? AND value = ?').pluck();
    this.insertIdentity = db.prepare('INSERT OR IGNORE INTO identities (sandbox, ns, value, profile) VALUES (?, ?, ?, ?)');
    this.insertPrimary = db.prepare('INSERT OR IGNORE INTO primary_identities (sandbox, ns, value) VALUES (?, ?, ?)');
    this.moveIdentities = db.prepare('UPDATE identities SET profile = ? WHERE sandbox = ? AND profile = ?');
    this.moveFragments = db.prepare('UPDATE fragments SET profile = ? WHERE sandbox = ? AND profile = ?');
    this.moveEvents = db.prepare('UPDATE events SET profile = ? WHERE sandbox = ? AND profile = ?');
    this.insertFragment = db.prepare('INSERT INTO fragments (sandbox, profile, batch, dataset, attrs, updated) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertEvent = db.prepare('INSERT OR REPLACE INTO events (sandbox, id, profile, ts, batch, dataset, entity, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.ingest = db.transaction((sandbox: string, batch: string, dataset: string, items: ProfileInput[]) => {
      const now = Date.now();
      for (const item of items) {
        if (item.identities.length === 0) continue;
        const found = new Set<string>();
        // Identities already in the graph need no insert: after the merge below they are all the target's.
        const missing: Array<{ ns: string; id: string }> = [];
        for (const i of item.identities) {
          const ns = i.ns.toLowerCase();
          const profile = this.findProfile.get(sandbox, ns, i.id);
          if (profile === undefined) missing.push({ ns, id: i.id });
          else found.add(profile);
        }
        const [target = this.ids.next(), ...others] = [...found];
        for (const other of others) {
          this.moveIdentities.run(target, sandbox, other);
          this.moveFragments.run(target, sandbox, other);
          this.moveEvents.run(target, sandbox, other);
        }
        for (const i of missing) this.insertIdentity.run(sandbox, i.ns, i.id, target);
        for (const i of item.identities) if (i.primary) this.insertPrimary.run(sandbox, i.ns.toLowerCase(), i.id);
        if (item.kind === 'profile') {
          this.insertFragment.run(sandbox, target, batch, dataset, JSON.stringify(item.record), now);
        } else {
          this.insertEvent.run(sandbox, item.eventId ?? xid(), target, item.timestamp ?? now, batch, dataset, JSON.stringify(item.record), now);
        }
      }
    });
  }

  /** Adds records of one batch (one transaction), stitching identities. */
  add(sandbox: string, batch: string, dataset: string, items: ProfileInput[]): void {
    this.ingest.immediate(sandbox, batch, dataset, items);
  }

  /** The profile holding an identity, if any. */
  profileOf(sandbox: string, ns: string, id: string): string | undefined {
    const row = this.findIdentity.get(sandbox, ns.toLowerCase(), id) as { profile: string } | undefined;
    return row?.profile;
  }

  exists(sandbox: string, profile: string): boolean {
    return this.db.prepare('SELECT 1 FROM identities WHERE sandbox = ? AND profile = ? LIMIT 1').get(sandbox, profile) !== undefined;
  }

  identityCount(sandbox: string, profile: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM identities WHERE sandbox = ? AND profile = ?').get(sandbox, profile) as { n: number }).n;
  }

  /** The merged entity of a profile. */
  entity(sandbox: string, profile: string): EntityView {
    const frags = this.db
      .prepare('SELECT batch, dataset, attrs, updated FROM fragments WHERE sandbox = ? AND profile = ? ORDER BY seq')
      .all(sandbox, profile) as Array<{
      batch: string;
      dataset: string;
      attrs: string;
      updated: number;
    }>;
    const attrs: JsonObject = {};
    const sources = new Set<string>();
    const batches = new Set<string>();
    let lastModified = 0;
    for (const f of frags) {
      mergeFragment(attrs, JSON.parse(f.attrs) as JsonObject);
      sources.add(f.dataset);
      batches.add(f.batch);
      lastModified = Math.max(lastModified, f.updated);
    }
    const evs = this.db
      .prepare('SELECT dataset, batch, MAX(updated) AS updated FROM events WHERE sandbox = ? AND profile = ? GROUP BY dataset, batch')
      .all(sandbox, profile) as Array<{
      dataset: string;
      batch: string;
      updated: number;
    }>;
    for (const e of evs) {
      sources.add(e.dataset);
      batches.add(e.batch);
      lastModified = Math.max(lastModified, e.updated);
    }
    const rows = this.db
      .prepare(
        'SELECT i.ns, i.value, p.value IS NOT NULL AS isPrimary FROM identities i LEFT JOIN primary_identities p ON p.sandbox = i.sandbox AND p.ns = i.ns AND p.value = i.value WHERE i.sandbox = ? AND i.profile = ? ORDER BY i.rowid',
      )
      .all(sandbox, profile) as Array<{ ns: string; value: string; isPrimary: number }>;
    const identities = rows.map((r) => ({ ns: r.ns, id: r.value, primary: r.isPrimary === 1 }));
    return { id: profile, attrs, identities, sources: [...sources], batches: [...batches], lastModified };
  }

  /** A page of a profile's events by timestamp; `next` is the first event of the next page, or ''. */
  events(
    sandbox: string,
    profile: string,
    opts: { startTime?: number; endTime?: number; limit: number; descending: boolean; after?: string },
  ): { rows: EventRow[]; next: string } {
    const clauses = ['sandbox = ?', 'profile = ?'];
    const params: Array<string | number> = [sandbox, profile];
    if (opts.startTime !== undefined) {
      clauses.push('ts >= ?');
      params.push(opts.startTime);
    }
    if (opts.endTime !== undefined) {
      clauses.push('ts < ?');
      params.push(opts.endTime);
    }
    if (opts.after) {
      const anchor = this.db.prepare('SELECT ts FROM events WHERE sandbox = ? AND id = ?').get(sandbox, opts.after) as { ts: number } | undefined;
      if (anchor) {
        clauses.push(opts.descending ? '(ts < ? OR (ts = ? AND id <= ?))' : '(ts > ? OR (ts = ? AND id >= ?))');
        params.push(anchor.ts, anchor.ts, opts.after);
      }
    }
    const dir = opts.descending ? 'DESC' : 'ASC';
    const rows = this.db
      .prepare(`SELECT id, ts, entity, updated FROM events WHERE ${clauses.join(' AND ')} ORDER BY ts ${dir}, id ${dir} LIMIT ?`)
      .all(...params, opts.limit + 1) as Array<{ id: string; ts: number; entity: string; updated: number }>;
    const page = rows.slice(0, opts.limit).map((r) => ({ id: r.id, ts: r.ts, entity: JSON.parse(r.entity) as JsonObject, updated: r.updated }));
    return { rows: page, next: rows[opts.limit]?.id ?? '' };
  }

  /** Removes what a batch contributed (REVERT). Identity links stay, as AEP keeps its graph. */
  revertBatch(sandbox: string, batch: string): void {
    this.db.prepare('DELETE FROM fragments WHERE sandbox = ? AND batch = ?').run(sandbox, batch);
    this.db.prepare('DELETE FROM events WHERE sandbox = ? AND batch = ?').run(sandbox, batch);
  }

  /** Number of profiles in a sandbox. */
  count(sandbox: string): number {
    return (this.db.prepare('SELECT COUNT(DISTINCT profile) AS n FROM identities WHERE sandbox = ?').get(sandbox) as { n: number }).n;
  }
}

/** Picks the fields named in `fields` (dotted paths) from an entity; all when empty. */
export function pickFields(entity: JsonObject, fields: string[]): JsonObject {
  if (fields.length === 0) return entity;
  const out: JsonObject = {};
  for (const f of fields) {
    const segs = f.split('.');
    let src: JsonValue | undefined = entity;
    for (const s of segs) src = isJsonObject(src) ? src[s] : undefined;
    if (src === undefined) continue;
    let dst = out;
    segs.slice(0, -1).forEach((s) => {
      const next = isJsonObject(dst[s]) ? (dst[s] as JsonObject) : {};
      dst[s] = next;
      dst = next;
    });
    dst[segs[segs.length - 1] ?? f] = src;
  }
  return out;
}
