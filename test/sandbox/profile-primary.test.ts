/**
 * The primary identity of a profile is the one its records say is primary (here the seeded
 * schema's primary descriptor on the email), whichever identity the profile is looked up by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPS, completeBatch, customer, jsonl, newBatch, putFile, seededDataset, type Obj } from './batch-client';
import { Harness } from './harness';

describe('Local sandbox: the primary identity of a looked-up profile', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
    const batch = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    expect((await putFile(h, batch, 'c.json', jsonl([customer(3)]))).status).toBe(200);
    expect((await completeBatch(h, batch)).status).toBe('success');
  });
  afterAll(async () => {
    await h.close();
  });

  const primaryOf = async (id: string, ns: string): Promise<string[]> => {
    const r = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=${encodeURIComponent(id)}&entityIdNS=${ns}`);
    expect(r.status).toBe(200);
    const entry = Object.values(r.json as Obj)[0] as Obj;
    const identities = (entry.entity as Obj).identities as Obj[];
    expect(identities).toHaveLength(2);
    return identities.filter((i) => i.primary === true).map((i) => `${(i.namespace as Obj).code}:${String(i.id)}`);
  };

  it('marks the record’s primary identity, not the one looked up', async () => {
    expect(await primaryOf('ecid-3', 'ECID')).toEqual(['email:user3@example.com']);
    expect(await primaryOf('user3@example.com', 'Email')).toEqual(['email:user3@example.com']);
  });
});
