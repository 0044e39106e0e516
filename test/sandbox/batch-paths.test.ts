/**
 * Batch ingestion paths beyond the happy one, every response checked against the specs: REVERT,
 * CSV and multi-line JSON batches, experience events paged through Profile Access, the 1500-file
 * limit, a type-incompatible file failing a multi-file batch, and two sandboxes keeping their data
 * apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAT, EXP, IMP, UPS, completeBatch, customer, fileUrl, jsonl, newBatch, profileByIdentity, putFile, seededDataset, type Obj } from './batch-client';
import { MAX_FILES } from '../../src-main/core/sandbox/routes/batch-ingestion';
import { Harness } from './harness';

const EVENT = '_xdm.context.experienceevent';
const PROFILE = '_xdm.context.profile';

describe('Local sandbox batch paths', () => {
  let h: Harness;
  let customers = '';
  let events = '';

  beforeAll(async () => {
    h = await Harness.start();
    customers = await seededDataset(h, 'XDM Loader Customers');
    events = await seededDataset(h, 'XDM Loader Events');
  });
  afterAll(async () => {
    await h.close();
  });

  it("keeps each record's identities in the profile's identityMap, under lower-case codes, joined over its records", async () => {
    const b = await newBatch(h, customers);
    const second = customer(9, { identityMap: { ECID: [{ id: 'ecid-9b', authenticatedState: 'ambiguous' }] } });
    expect((await putFile(h, b, 'two.json', jsonl([customer(9), second]))).status).toBe(200);
    expect((await completeBatch(h, b)).status).toBe('success');
    const entity = await profileByIdentity(h, 'user9@example.com', 'Email');
    // The record's own items as sent; the primary identity field (personalEmail.address, Email) as {id}.
    expect(entity?.identityMap).toEqual({ ecid: [{ id: 'ecid-9' }, { id: 'ecid-9b', authenticatedState: 'ambiguous' }], email: [{ id: 'user9@example.com' }] });
  });

  it('REVERTs a successful batch: its Profile data and dataset files go, the batch turns inactive', async () => {
    const keep = await newBatch(h, customers);
    expect((await putFile(h, keep, 'keep.json', jsonl([customer(1)]))).status).toBe(200);
    expect((await completeBatch(h, keep)).status).toBe('success');
    const b = await newBatch(h, customers);
    expect((await putFile(h, b, 'update.json', jsonl([customer(1, { person: { name: { firstName: 'Changed' } } }), customer(2)]))).status).toBe(200);
    expect((await completeBatch(h, b)).status).toBe('success');
    expect(((await profileByIdentity(h, 'user1@example.com', 'Email'))?.person as Obj).name).toEqual({ firstName: 'Changed', lastName: 'Doe' });

    expect((await h.call('POST', `${IMP}/batches/${b.id}?action=REVERT`)).status).toBe(200);
    const after = await h.call('GET', `${CAT}/batches/${b.id}`);
    expect(((after.json as Record<string, Obj>)[b.id] as Obj).status).toBe('inactive');
    expect(((await profileByIdentity(h, 'user1@example.com', 'Email'))?.person as Obj).name).toEqual({ firstName: 'First1', lastName: 'Doe' });
    const reverted = await profileByIdentity(h, 'user2@example.com', 'Email');
    expect(reverted?.person).toBeUndefined();
    const files = await h.call('GET', `${EXP}/batches/${b.id}/files`);
    expect((files.json as Obj).data).toEqual([]);
    expect((await h.call('POST', `${IMP}/batches/${b.id}?action=REVERT`)).status).toBe(200);

    const loading = await newBatch(h, customers);
    const refused = await h.call('POST', `${IMP}/batches/${loading.id}?action=REVERT`);
    expect(refused.status).toBe(400);
  });

  it('reads CSV with headers, dotted columns nesting into objects', async () => {
    const b = await newBatch(h, customers, { inputFormat: { format: 'csv' } });
    const csv = [
      '_id,personalEmail.address,person.name.firstName,person.name.lastName,person.birthDate',
      'v1,csv1@example.com,Ada,Lovelace,1815-12-10',
      'v2,csv2@example.com,Alan,,1912-06-23',
      'v3,csv3@example.com,Bad,Date,not-a-date',
    ].join('\n');
    expect((await putFile(h, b, 'people.csv', `${csv}\n`)).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.status).toBe('failed');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 3, failedRecordCount: 1 });

    const ok = await newBatch(h, customers, { inputFormat: { format: 'csv', delimiter: ';' } });
    expect((await putFile(h, ok, 'people.csv', `${csv.split('\n').slice(0, 3).join('\n').replace(/,/g, ';')}\n`)).status).toBe(200);
    const done = await completeBatch(h, ok);
    expect(done.status).toBe('success');
    expect(done.metrics).toMatchObject({ inputRecordCount: 2, outputRecordCount: 2, failedRecordCount: 0 });
    const ada = await profileByIdentity(h, 'csv1@example.com', 'Email');
    expect(ada?.person).toEqual({ name: { firstName: 'Ada', lastName: 'Lovelace' }, birthDate: '1815-12-10' });
    expect(((await profileByIdentity(h, 'csv2@example.com', 'Email'))?.person as Obj).name).toEqual({ firstName: 'Alan' });
  });

  it('reads a multi-line JSON array, and fails a multi-line batch whose file is not JSON', async () => {
    const b = await newBatch(h, customers, { inputFormat: { format: 'json', isMultiLineJson: true } });
    expect((await putFile(h, b, 'array.json', JSON.stringify([customer(30), customer(31), customer(32)], null, 2))).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 3, outputRecordCount: 3 });
    expect(((await profileByIdentity(h, 'ecid-31', 'ECID'))?.person as Obj).name).toEqual({ firstName: 'First31', lastName: 'Doe' });

    const broken = await newBatch(h, customers, { inputFormat: { format: 'json', isMultiLineJson: true } });
    expect((await putFile(h, broken, 'broken.json', '[{"_id": "x",\n')).status).toBe(200);
    const failed = await completeBatch(h, broken);
    expect(failed.status).toBe('failed');
    expect((failed.errors as Obj[])[0]?.code).toBe('INGEST-1401-400');
    const csvMulti = await h.call('POST', `${IMP}/batches`, { body: { datasetId: customers, inputFormat: { format: 'csv', isMultiLineJson: true } } });
    expect(csvMulti.status).toBe(400);
  });

  it('pages a profile’s experience events through GET and POST, by time and in both orders', async () => {
    const base = Date.parse('2024-03-01T10:00:00Z');
    const event = (i: number): Obj => ({
      _id: `ev${i}`,
      timestamp: new Date(base + i * 60_000).toISOString(),
      eventType: 'web.webpagedetails.pageViews',
      identityMap: { ECID: [{ id: 'visitor-1', primary: true }] },
    });
    const b = await newBatch(h, events);
    expect((await putFile(h, b, 'events.json', jsonl([3, 1, 5, 2, 4].map(event)))).status).toBe(200);
    expect((await completeBatch(h, b)).status).toBe('success');

    const query = `${UPS}/access/entities?schema.name=${EVENT}&relatedSchema.name=${PROFILE}&relatedEntityId=visitor-1&relatedEntityIdNS=ECID&limit=2`;
    const seen: string[][] = [];
    let url = query;
    for (let guard = 0; guard < 5 && url !== ''; guard += 1) {
      const r = await h.call('GET', url);
      expect(r.status).toBe(200);
      const page = r.json as Obj;
      seen.push((page.children as Obj[]).map((c) => String(c.entityId)));
      expect((page._page as Obj).count).toBe((page.children as Obj[]).length);
      const href = String(((page._links as Obj).next as Obj).href);
      expect(href === '' ? '' : href.slice(0, 10)).toBe(href === '' ? '' : '/entities?');
      expect(href === '').toBe((page._page as Obj).next === '');
      url = href === '' ? '' : `${UPS}/access${href}`;
    }
    expect(seen).toEqual([['ev1', 'ev2'], ['ev3', 'ev4'], ['ev5']]);

    const desc = await h.call('GET', `${query}&orderby=-timestamp`);
    expect(((desc.json as Obj).children as Obj[]).map((c) => c.entityId)).toEqual(['ev5', 'ev4']);
    const window = await h.call('GET', `${query}&startTime=${base + 2 * 60_000}&endTime=${base + 4 * 60_000}&limit=10`);
    const children = (window.json as Obj).children as Obj[];
    expect(children.map((c) => c.entityId)).toEqual(['ev2', 'ev3']);
    expect(children[0]?.timestamp).toBe(base + 2 * 60_000);

    const first = await h.call('POST', `${UPS}/access/entities`, {
      body: { schema: { name: EVENT }, relatedSchema: { name: PROFILE }, identities: [{ entityId: 'visitor-1', entityIdNS: { code: 'ECID' } }], limit: 3 },
    });
    expect(first.status).toBe(200);
    const [xid, page1] = Object.entries(first.json as Record<string, Obj>)[0] ?? ['', {}];
    expect((page1.children as Obj[]).map((c) => c.entityId)).toEqual(['ev1', 'ev2', 'ev3']);
    const payload = ((page1._links as Obj).next as Obj).payload as Obj;
    const second = await h.call('POST', `${UPS}/access/entities`, { body: payload });
    const page2 = (second.json as Record<string, Obj>)[xid] as Obj;
    expect((page2.children as Obj[]).map((c) => c.entityId)).toEqual(['ev4', 'ev5']);
    expect((page2._page as Obj).next).toBe('');
  });

  it('holds at most 1500 files per batch (AEP’s limit; the check shown on a sandbox started with 30)', async () => {
    expect(MAX_FILES).toBe(1500);
    const small = await Harness.start({ maxFilesPerBatch: 30 });
    try {
      const b = await newBatch(small, await seededDataset(small, 'XDM Loader Customers'));
      const names = Array.from({ length: 30 }, (_, i) => `part-${i}.json`);
      const statuses = await Promise.all(names.map(async (n) => (await small.call('POST', `${fileUrl(b, n)}?action=INITIALIZE`, { noContract: true })).status));
      expect(statuses.every((s) => s === 201)).toBe(true);
      const over = await putFile(small, b, 'one-too-many.json', jsonl([customer(40)]));
      expect(over.status).toBe(400);
      expect(JSON.stringify(over.json)).toContain('at most 30 files');
      expect((await small.call('POST', `${fileUrl(b, 'one-too-many.json')}?action=INITIALIZE`)).status).toBe(400);
      // A file already in the batch can still be written again.
      expect((await putFile(small, b, 'part-7.json', jsonl([customer(41)]))).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('fails a whole multi-file batch when one file holds a type-incompatible value; nothing reaches Profile', async () => {
    const b = await newBatch(h, customers, { partialIngestionPercent: 90 });
    expect((await putFile(h, b, 'a-good.json', jsonl([customer(50), customer(51)]))).status).toBe(200);
    expect((await putFile(h, b, 'b-bad.json', jsonl([customer(52), customer(53, { personalEmail: { address: true } })]))).status).toBe(200);
    const batch = await completeBatch(h, b);
    expect(batch.status).toBe('failed');
    const error = (batch.errors as Obj[])[0];
    expect(error?.code).toBe('TypeCompatibilityException');
    expect(String(error?.description)).toContain('b-bad.json');
    expect(batch.metrics).toMatchObject({ outputRecordCount: 0 });
    expect(await profileByIdentity(h, 'user50@example.com', 'Email')).toBeUndefined();
    const files = await h.call('GET', `${EXP}/batches/${b.id}/files`);
    expect((files.json as Obj).data).toEqual([]);
    const ds = await h.call('GET', `${CAT}/dataSets/${customers}`);
    expect(((ds.json as Record<string, Obj>)[customers] as Obj).lastFailedBatch).toBe(b.id);
  });

  it('keeps two sandboxes by name apart: datasets, batches and profiles', async () => {
    const a = await seededDataset(h, 'XDM Loader Customers', 'dev-a');
    const bId = await seededDataset(h, 'XDM Loader Customers', 'dev-b');
    expect(new Set([a, bId, customers]).size).toBe(3);
    const inA = await newBatch(h, a, {}, 'dev-a');
    expect((await putFile(h, inA, 'a.json', jsonl([customer(60, { person: { name: { firstName: 'OnlyInA' } } })]))).status).toBe(200);
    expect((await completeBatch(h, inA)).status).toBe('success');

    expect(((await profileByIdentity(h, 'user60@example.com', 'Email', 'dev-a'))?.person as Obj).name).toEqual({ firstName: 'OnlyInA' });
    expect(await profileByIdentity(h, 'user60@example.com', 'Email', 'dev-b')).toBeUndefined();
    expect(await profileByIdentity(h, 'user60@example.com', 'Email')).toBeUndefined();
    expect((await h.call('GET', `${CAT}/batches/${inA.id}`, { sandbox: 'dev-b' })).status).toBe(404);
    expect((await h.call('GET', `${CAT}/dataSets/${a}`, { sandbox: 'dev-b' })).status).toBe(404);
    const crossed = await h.call('POST', `${IMP}/batches`, { body: { datasetId: a, inputFormat: { format: 'json' } }, sandbox: 'dev-b' });
    expect(crossed.status).toBe(400);
    const listB = await h.call('GET', `${CAT}/dataSets`, { sandbox: 'dev-b' });
    expect(Object.keys(listB.json as Obj)).not.toContain(a);
  });
});
