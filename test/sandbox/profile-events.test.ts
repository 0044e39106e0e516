/**
 * The ExperienceEvent lookup exactly as the Profiles screen sends it (`entities.events`: related
 * profile by namespace and value, `orderby=-timestamp`, `limit`), every response checked against
 * profile.yaml: events stitched to a profile through a shared identity, newest first with a next
 * page; 404 for an identity no profile holds; 403 when the org is not entitled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPS, completeBatch, customer, jsonl, newBatch, putFile, seededDataset, type Obj } from './batch-client';
import { Harness } from './harness';

const query = (id: string, ns: string, limit: number) =>
  `${UPS}/access/entities?schema.name=_xdm.context.experienceevent&relatedSchema.name=_xdm.context.profile&relatedEntityId=${encodeURIComponent(id)}&relatedEntityIdNS=${ns}&orderby=-timestamp&limit=${limit}`;

describe('Local sandbox: experience events of a profile, as the Profiles screen asks', () => {
  let h: Harness;
  const base = Date.parse('2024-06-01T08:00:00Z');

  beforeAll(async () => {
    h = await Harness.start();
    const customers = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await putFile(h, customers, 'c.json', jsonl([customer(7)]))).status).toBe(200);
    expect((await completeBatch(h, customers)).status).toBe('success');
    // The events carry the customer's ECID only: they reach the profile through the identity graph.
    const events = await newBatch(h, await seededDataset(h, 'XDM Loader Events'));
    const event = (i: number) => ({
      _id: `e${i}`,
      timestamp: new Date(base + i * 1000).toISOString(),
      eventType: 'web.webpagedetails.pageViews',
      identityMap: { ECID: [{ id: 'ecid-7', primary: true }] },
    });
    expect((await putFile(h, events, 'e.json', jsonl([1, 2, 3].map(event)))).status).toBe(200);
    expect((await completeBatch(h, events)).status).toBe('success');
  });
  afterAll(async () => {
    await h.close();
  });

  it('finds the events through another identity of the same profile, newest first, with a next page', async () => {
    const r = await h.call('GET', query('user7@example.com', 'Email', 2));
    expect(r.status).toBe(200);
    expect(r.contract?.checked).toBe(true);
    const page = r.json as Obj;
    const children = page.children as Obj[];
    expect(children.map((c) => c.entityId)).toEqual(['e3', 'e2']);
    expect(children[0]?.timestamp).toBe(base + 3000);
    expect((children[0]?.entity as Obj).eventType).toBe('web.webpagedetails.pageViews');
    expect((page._page as Obj).next).toBe('e1');
    const last = await h.call('GET', `${UPS}/access${String(((page._links as Obj).next as Obj).href)}`);
    expect(((last.json as Obj).children as Obj[]).map((c) => c.entityId)).toEqual(['e1']);
    expect(((last.json as Obj)._page as Obj).next).toBe('');
  });

  it('answers 404 for an identity no profile holds', async () => {
    const r = await h.call('GET', query('nobody@example.com', 'Email', 10));
    expect(r.status).toBe(404);
  });

  it('answers 403 with the provisioning message when Profile entitlement is off', async () => {
    h.sandbox.faults.configure({ profileEntitlement: false });
    try {
      const r = await h.call('GET', query('user7@example.com', 'Email', 10));
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.json)).toContain('UPS-ACC-1000004');
    } finally {
      h.sandbox.faults.clear();
    }
  });
});
