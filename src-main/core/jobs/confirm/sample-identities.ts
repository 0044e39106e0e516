import path from 'node:path';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import { partRecords, type PreparedInput } from '../preflight/prepared-records';
import { primaryIdentity, recordIdentities } from '../preflight/record-identities';

/**
 * Picks the identities to look up in Profile after a load: a few from every part.
 * Why spread over parts and bounded: a lookup per record would be a second ingestion; a sample
 * from each part (a reservoir over at most `scanPerPart` records, with a fixed seed so a re-run
 * asks for the same people) catches a part that went wrong while reading a bounded amount.
 */
export interface SampledIdentity {
  namespace: string;
  id: string;
  /** False when the record had no primary identity and another of its identities was taken. */
  primary: boolean;
  /** Part file name and 1-based record number in it, to find the record again. */
  part: string;
  record: number;
}

export interface SampleOptions {
  /** Identities wanted in total (default 10). */
  count?: number;
  /** Identity descriptors of the dataset's schema, for records that carry identities in fields. */
  descriptors?: readonly IdentityDescriptor[];
  /** Records read per part at most (default 5000). */
  scanPerPart?: number;
  seed?: number;
  signal?: AbortSignal;
}

/** A small deterministic PRNG (mulberry32): the same sample on every run over the same parts. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function sampleIdentities(input: PreparedInput, options: SampleOptions = {}): Promise<SampledIdentity[]> {
  const count = options.count ?? 10;
  const scan = options.scanPerPart ?? 5000;
  const rand = random(options.seed ?? 6);
  const descriptors = options.descriptors ?? [];
  const seen = new Set<string>();
  const out: SampledIdentity[] = [];
  // Candidates a part had beyond its share, for parts that turn out to have too few new ones.
  const spare: SampledIdentity[] = [];
  for (const [index, file] of input.files.entries()) {
    // What is still wanted, shared among the parts not read yet.
    const quota = Math.ceil((count - out.length) / (input.files.length - index));
    if (quota <= 0) break;
    // A uniform reservoir of up to `count` candidates; its first `quota` after a shuffle are this part's share.
    const reservoir: SampledIdentity[] = [];
    let eligible = 0;
    let recordNumber = 0;
    for await (const record of partRecords(file, { ...(options.signal ? { signal: options.signal } : {}), sniff: input.single })) {
      recordNumber += 1;
      if (recordNumber > scan) break;
      const identities = recordIdentities(record, descriptors);
      const chosen = primaryIdentity(identities) ?? identities[0];
      if (!chosen) continue;
      const key = `${chosen.namespace.toLowerCase()}\u0000${chosen.id}`;
      if (seen.has(key)) continue;
      // Seen once is enough: the same person in two records is one lookup.
      seen.add(key);
      const item = { namespace: chosen.namespace, id: chosen.id, primary: chosen.primary, part: path.basename(file), record: recordNumber };
      eligible += 1;
      if (reservoir.length < count) reservoir.push(item);
      else {
        const slot = Math.floor(rand() * eligible);
        if (slot < count) reservoir[slot] = item;
      }
    }
    for (let i = reservoir.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [reservoir[i], reservoir[j]] = [reservoir[j] as SampledIdentity, reservoir[i] as SampledIdentity];
    }
    out.push(...reservoir.slice(0, quota).sort((a, b) => a.record - b.record));
    spare.push(...reservoir.slice(quota));
  }
  if (out.length < count) out.push(...spare.slice(0, count - out.length));
  return out;
}
