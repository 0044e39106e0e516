/**
 * What a new Local sandbox holds before anyone touches it: the seeded schemas and datasets, and the
 * custom CRMID namespace the mapping suggestions use for customer ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness';

describe('Local sandbox seed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists a custom CRMID namespace after the standard ones, in the Identity Service shape', async () => {
    const r = await h.call('GET', '/data/core/idnamespace/identities');
    expect(r.status).toBe(200);
    const list = r.json as Array<Record<string, unknown>>;
    const crm = list.find((n) => n.code === 'CRMID');
    expect(crm).toMatchObject({ custom: true, status: 'ACTIVE', idType: 'CROSS_DEVICE' });
    expect(list.indexOf(crm as Record<string, unknown>)).toBeGreaterThan(list.findIndex((n) => n.code === 'Email'));
    // A second custom namespace with the same code (in any case) is a conflict, as in AEP.
    const taken = await h.call('POST', '/data/core/idnamespace/identities', {
      body: { name: 'Again', code: 'crmid', idType: 'CROSS_DEVICE' },
      noContract: true,
    });
    expect(taken.status).toBe(409);
  });
});
