/**
 * The processing worker's fast paths held to the behaviour they replaced:
 * - `readLineChunks` splits lines exactly as `readline` (`crlfDelay: Infinity`) did, across reads;
 * - `LineWriter`'s gathered writes give the same file, `bytes` and `lines` as a write per line;
 * - `toProfileInput` builds the same fragment JSON as spreading the record and deleting two keys (then
 *   adding the identityMap Profile keeps);
 * - `ProfileStore.add` (prefix-sharing profile ids, no insert for identities already in the graph)
 *   leaves the same identity graph, fragments and events as the per-record reference below;
 * - a mixed JSON Lines batch (bad JSON, invalid rows, blank lines, CR, CRLF) gives the failed records,
 *   diagnostics rows and output of the line-by-line reading.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { xid } from '../../src-main/core/sandbox/ids';
import type { JsonObject } from '../../src-main/core/sandbox/json';
import { toProfileInput } from '../../src-main/core/sandbox/processing/batch-processor';
import { readLineChunks } from '../../src-main/core/sandbox/processing/line-reader';
import { LineWriter } from '../../src-main/core/sandbox/processing/line-writer';
import { ProfileIds, ProfileStore, XID_RUN, type ProfileInput } from '../../src-main/core/sandbox/profile/profile-store';
import { openDatabase, type SqliteDb } from '../../src-main/core/sandbox/store/database';
import { completeBatch, customer, newBatch, putFile, seededDataset, type Obj } from './batch-client';
import { Harness } from './harness';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xdm-fast-paths-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function readlineLines(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) out.push(line);
  return out;
}

async function chunkLines(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of readLineChunks(file)) out.push(...lines);
  return out;
}

const MIB = 1024 * 1024;

/** Where two line lists first differ (undefined when equal), kept small: a diff of megabytes of lines would not finish. */
function firstDifference(got: string[], expected: string[]): { index: number; got?: string; expected?: string; lengths: [number, number] } | undefined {
  for (let i = 0; i < Math.max(got.length, expected.length); i += 1) {
    if (got[i] !== expected[i]) return { index: i, got: got[i]?.slice(0, 80), expected: expected[i]?.slice(0, 80), lengths: [got.length, expected.length] };
  }
  return undefined;
}

describe('readLineChunks', () => {
  const cases: Array<[string, string | Buffer]> = [
    ['empty file', ''],
    ['LF with trailing newline', 'a\nb\n'],
    ['no trailing newline', 'a\nb'],
    ['blank lines', '\n\na\n\n\nb\n\n'],
    ['CRLF', 'a\r\nb\r\n\r\nc'],
    ['lone CR', 'a\rb\r\rc\r'],
    ['mixed', 'x\r\n\ry\n\rz\r\n'],
    ['BOM and multibyte', '\uFEFF{"a":"é"}\n{"b":"日本"}\r\n'],
    ['CRLF split across the 1 MiB read', `${'a'.repeat(MIB - 1)}\r\nb\nc`],
    ['CR at the end of a read, then a line', `${'a'.repeat(MIB - 1)}\rb\n`],
    ['CR at the end of a read, then a blank line', `${'a'.repeat(MIB - 1)}\r\r\nb`],
    ['LF at the start of a read', `${'a'.repeat(MIB)}\nb`],
    ['multibyte character split across reads', `${'a'.repeat(MIB - 1)}é\n${'ü'.repeat(MIB)}\nz`],
    ['many lines over several reads', Array.from({ length: 200_000 }, (_, i) => `{"n":${i}}${['\n', '\r\n', '\r'][i % 3] ?? ''}`).join('')],
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0x0a, 0xc3, 0x0a, 0x62])],
  ];

  it.each(cases)('splits %s as readline does', async (_name, content) => {
    const file = path.join(tempDir(), 'in.json');
    writeFileSync(file, content);
    expect(firstDifference(await chunkLines(file), await readlineLines(file))).toBeUndefined();
  });

  it('splits a large mixed file with CR, LF and CRLF at every read boundary as readline does', async () => {
    const seps = ['\n', '\r\n', '\r', '\n\n', '\r\r\n'];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 3.5 * MIB; i += 1) {
      const part = `{"i":${i},"s":"${'é'.repeat(i % 11)}"}${seps[i % seps.length] ?? '\n'}`;
      parts.push(part);
      size += part.length;
    }
    const file = path.join(tempDir(), 'mixed.json');
    writeFileSync(file, parts.join(''));
    expect(firstDifference(await chunkLines(file), await readlineLines(file))).toBeUndefined();
  });
});

describe('LineWriter', () => {
  it('writes the same file, bytes and lines as a write per line', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ i, text: i % 5 === 0 ? 'žluťoučký 日本 🐎' : 'x'.repeat(i % 40) }));
    const writer = new LineWriter(path.join(dir, 'sub', 'out.json'));
    for (const line of lines) {
      const drained = writer.write(line);
      if (drained) await drained;
    }
    await writer.close();
    const expected = lines.map((l) => `${l}\n`).join('');
    expect(readFileSync(writer.file, 'utf8')).toBe(expected);
    expect(writer.lines).toBe(lines.length);
    expect(writer.bytes).toBe(Buffer.byteLength(expected));
  });
});

describe('toProfileInput', () => {
  it('gives the fragment JSON of the record spread without identityMap and _id, in member order, then the identityMap Profile keeps', () => {
    const cases: Array<{ record: JsonObject; kept?: JsonObject }> = [
      {
        record: {
          _id: 'a',
          person: { name: { firstName: 'A' } },
          identityMap: { ECID: [{ id: 'e1', primary: true }], Phone: [{ id: 'p1' }] },
          personalEmail: { address: 'a@example.com' },
          '1': 'n',
        },
        // Lower-case codes, the record's own items, the descriptor's Email as {id}; Phone is no known namespace.
        kept: { ecid: [{ id: 'e1', primary: true }], email: [{ id: 'a@example.com' }] },
      },
      { record: JSON.parse('{"__proto__":{"x":1},"_id":"b","identityMap":{},"z":1}') as JsonObject },
      { record: { only: true } },
    ];
    const emailField = { path: ['personalEmail', 'address'], namespace: 'Email', primary: true };
    for (const { record, kept } of cases) {
      const reference: JsonObject = { ...record };
      delete reference.identityMap;
      delete reference._id;
      if (kept) reference.identityMap = kept;
      expect(JSON.stringify(toProfileInput(record, [emailField], false, new Set(['ecid', 'email'])).record)).toBe(JSON.stringify(reference));
    }
  });
});

/** The per-record Profile ingestion the store had before (random ids, an insert per identity): the reference. */
function referenceIngest(db: SqliteDb, sandbox: string, batch: string, dataset: string, items: ProfileInput[]): void {
  const find = db.prepare('SELECT profile FROM identities WHERE sandbox = ? AND ns = ? AND value = ?');
  const insertIdentity = db.prepare('INSERT OR IGNORE INTO identities (sandbox, ns, value, profile) VALUES (?, ?, ?, ?)');
  const move = ['identities', 'fragments', 'events'].map((t) => db.prepare(`UPDATE ${t} SET profile = ? WHERE sandbox = ? AND profile = ?`));
  const insertFragment = db.prepare('INSERT INTO fragments (sandbox, profile, batch, dataset, attrs, updated) VALUES (?, ?, ?, ?, ?, ?)');
  const insertEvent = db.prepare('INSERT OR REPLACE INTO events (sandbox, id, profile, ts, batch, dataset, entity, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const item of items) {
      if (item.identities.length === 0) continue;
      const found = new Set<string>();
      for (const i of item.identities) {
        const row = find.get(sandbox, i.ns.toLowerCase(), i.id) as { profile: string } | undefined;
        if (row) found.add(row.profile);
      }
      const [target = xid(), ...others] = [...found];
      for (const other of others) for (const m of move) m.run(target, sandbox, other);
      for (const i of item.identities) insertIdentity.run(sandbox, i.ns.toLowerCase(), i.id, target);
      if (item.kind === 'profile') insertFragment.run(sandbox, target, batch, dataset, JSON.stringify(item.record), 1);
      else insertEvent.run(sandbox, item.eventId ?? `generated-${item.timestamp}`, target, item.timestamp ?? 1, batch, dataset, JSON.stringify(item.record), 1);
    }
  }).immediate();
}

/** The Profile state with profile ids replaced by their smallest identity (ids are random, the graph is not). */
function profileState(db: SqliteDb): string[] {
  const identities = db.prepare('SELECT sandbox, ns, value, profile FROM identities ORDER BY sandbox, ns, value').all() as Array<{
    sandbox: string;
    ns: string;
    value: string;
    profile: string;
  }>;
  const name = new Map<string, string>();
  for (const i of identities) if (!name.has(i.profile)) name.set(i.profile, `${i.sandbox}/${i.ns}/${i.value}`);
  const canon = (profile: string): string => name.get(profile) ?? `?${profile}`;
  return [
    ...identities.map((i) => JSON.stringify(['identity', i.sandbox, i.ns, i.value, canon(i.profile)])),
    ...(db.prepare('SELECT sandbox, profile, batch, dataset, attrs FROM fragments ORDER BY seq').all() as Array<Record<string, string>>).map((f) =>
      JSON.stringify(['fragment', { ...f, profile: canon(String(f.profile)) }]),
    ),
    ...(db.prepare('SELECT sandbox, id, profile, ts, batch, dataset, entity FROM events ORDER BY sandbox, id').all() as Array<Record<string, string>>).map(
      (e) => JSON.stringify(['event', { ...e, profile: canon(String(e.profile)) }]),
    ),
  ];
}

/** A mixed workload: new profiles, shared identities (merges across and within transactions), case variants, duplicates, events. */
function workload(seed: number, n: number): ProfileInput[] {
  let s = seed;
  const rand = (k: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const items: ProfileInput[] = [];
  for (let r = 0; r < n; r += 1) {
    const identities = [];
    const count = rand(4);
    for (let k = 0; k < count; k += 1) {
      const ns = ['Email', 'email', 'ECID', 'CRMID'][rand(4)] ?? 'Email';
      identities.push({ ns, id: `id${rand(n / 2)}`, primary: k === 0 });
    }
    if (rand(10) === 0 && identities[0]) identities.push({ ...identities[0] });
    if (rand(8) === 0) items.push({ kind: 'event', identities, record: { _id: `ev${rand(50)}`, n: r }, eventId: `ev${rand(50)}`, timestamp: r });
    else items.push({ kind: 'profile', identities, record: { n: r, person: { name: { firstName: `F${r}` } } } });
  }
  return items;
}

describe('ProfileStore.add', () => {
  it('leaves the same identity graph, fragments and events as the per-record reference', () => {
    const refDb = openDatabase(tempDir());
    const db = openDatabase(tempDir());
    const store = new ProfileStore(db);
    for (let round = 0; round < 4; round += 1) {
      const items = workload(round + 7, 3000);
      for (let start = 0; start < items.length; start += 700) {
        const chunk = items.slice(start, start + 700);
        referenceIngest(refDb, round % 2 === 0 ? 'prod' : 'dev', `b${round}`, 'ds', chunk);
        store.add(round % 2 === 0 ? 'prod' : 'dev', `b${round}`, 'ds', chunk);
      }
    }
    db.prepare('UPDATE fragments SET updated = 1').run();
    db.prepare('UPDATE events SET updated = 1').run();
    const merged = (db.prepare('SELECT COUNT(DISTINCT profile) AS n FROM identities').get() as { n: number }).n;
    expect(merged).toBeGreaterThan(10);
    expect(firstDifference(profileState(db), profileState(refDb))).toBeUndefined();
    refDb.close();
    db.close();
  });

  it('makes 28-character base64url profile ids, distinct across runs of ids', () => {
    const xidShape = (id: string) => /^[A-Za-z0-9_-]{28}$/.test(id);
    // The store's generator, past the end of a run of XID_RUN ids into the next (a new prefix).
    // Why the generator and not 70,000 profiles added: the SQLite inserts cost a second of CPU
    // and prove nothing more, since each new profile takes the generator's next id.
    const generator = new ProfileIds();
    const made = Array.from({ length: 70_000 }, () => generator.next());
    expect(made.length).toBeGreaterThan(XID_RUN);
    expect(new Set(made).size).toBe(70_000);
    expect(made.every(xidShape)).toBe(true);
    expect(new Set(made.map((id) => id.slice(0, 8))).size).toBe(2);

    // The store gives each new profile one of them.
    const db = openDatabase(tempDir());
    const store = new ProfileStore(db);
    const items: ProfileInput[] = Array.from({ length: 2_000 }, (_, i) => ({
      kind: 'profile',
      identities: [{ ns: 'Email', id: `u${i}`, primary: true }],
      record: {},
    }));
    store.add('prod', 'b', 'ds', items);
    const ids = db.prepare('SELECT DISTINCT profile FROM identities').pluck().all() as string[];
    expect(ids).toHaveLength(2_000);
    expect(ids.every(xidShape)).toBe(true);
    db.close();
  });
});

describe('a mixed JSON Lines batch', () => {
  it('gives the failed records, diagnostics rows and output of line-by-line reading', async () => {
    const h = await Harness.start();
    try {
      const datasetId = await seededDataset(h, 'XDM Loader Customers');
      const b = await newBatch(h, datasetId, { tags: { acp_enableErrorDiagnostics: true, acp_partialIngestionPercent: 50 } });
      const lines: string[] = [];
      const seps = ['\n', '\r\n', '\r'];
      for (let i = 0; i < 3000; i += 1) {
        let line = JSON.stringify(customer(i));
        if (i % 97 === 0) line = `{"broken": ${i}`;
        else if (i % 89 === 0) line = JSON.stringify(customer(i, { person: { birthDate: 'not-a-date' } }));
        else if (i % 83 === 0) line = '';
        lines.push(`${line}${seps[i % 3] ?? '\n'}`);
      }
      const content = lines.join('');
      expect((await putFile(h, b, 'mixed.json', content)).status).toBe(200);
      const batch = await completeBatch(h, b);
      expect(batch.status).toBe('success');

      // What reading line by line with readline gives: row numbers count blank lines; blank lines are no records.
      const inputFile = path.join(tempDir(), 'mixed.json');
      writeFileSync(inputFile, content);
      const rows = await readlineLines(inputFile);
      const expectedBad: number[] = [];
      const expectedInvalid: number[] = [];
      const expectedOk: string[] = [];
      rows.forEach((line, index) => {
        if (line.trim() === '') return;
        if (line.startsWith('{"broken"')) expectedBad.push(index + 1);
        else if (line.includes('not-a-date')) expectedInvalid.push(index + 1);
        else expectedOk.push(String((JSON.parse(line) as Obj)._id));
      });
      expect(batch.metrics).toMatchObject({
        inputRecordCount: expectedBad.length + expectedInvalid.length + expectedOk.length,
        outputRecordCount: expectedOk.length,
        failedRecordCount: expectedBad.length + expectedInvalid.length,
      });
      const batchDir = path.join(h.dataDir, 'files', 'prod', 'batches', b.id);
      const conversion = readFileSync(path.join(batchDir, 'meta', 'row_errors', 'conversion_errors_0.json'), 'utf8')
        .trim()
        .split('\n');
      expect(conversion.map((l) => (JSON.parse(l) as Obj)._row)).toEqual(expectedInvalid);
      const parsing = readFileSync(path.join(batchDir, 'meta', 'row_errors', 'parsing_errors_0.json'), 'utf8')
        .trim()
        .split('\n');
      expect(parsing.map((l) => (JSON.parse(l) as Obj)._corrupt_record)).toEqual(expectedBad.map((row) => rows[row - 1]));
      const output = readFileSync(path.join(batchDir, 'output', `part-00000-${b.id}.json`), 'utf8');
      expect(output.endsWith('\n')).toBe(true);
      expect(
        output
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as Obj)._id),
      ).toEqual(expectedOk);
      expect(Buffer.byteLength(output)).toBe((batch.metrics as Obj).outputByteSize);
      const failed = readFileSync(path.join(batchDir, 'failed', `part-00000-${b.id}-c000.json`), 'utf8')
        .trim()
        .split('\n');
      expect(failed).toHaveLength(expectedBad.length + expectedInvalid.length);
    } finally {
      await h.close();
    }
  });
});
