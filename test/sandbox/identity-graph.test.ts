/**
 * Identity Service's graph API on the Local sandbox's identity graph (the one Profile stitches by):
 * an identity's XID, its linked identities as a set or a graph, the deprecated cluster calls, and the
 * update of a custom namespace. Answers are contract-checked against identity-service.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeBatch, customer, jsonl, newBatch, putFile, seededDataset, UPS, type Obj } from './batch-client';
import { Harness } from './harness';

const ID = '/data/core/identity';

describe('Identity graph', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
    const b = await newBatch(h, await seededDataset(h, 'XDM Loader Customers'));
    await putFile(h, b, 'a.json', jsonl([customer(1), customer(2)]));
    expect((await completeBatch(h, b)).status).toBe('success');
  });
  afterAll(async () => h.close());

  it('gives an identity its XID, the same for any spelling of the namespace code', async () => {
    const a = await h.call('GET', `${ID}/identity?namespace=Email&id=user1@example.com`);
    expect(a.status).toBe(200);
    const b = await h.call('GET', `${ID}/identity?namespace=email&id=user1@example.com`);
    expect((a.json as Obj).xid).toEqual(expect.any(String));
    expect((b.json as Obj).xid).toBe((a.json as Obj).xid);
    expect((await h.call('GET', `${ID}/identity?namespace=NoSuchNs&id=1`)).status).toBe(400);
  });

  it('lists the identities linked to one, in the form it was asked in', async () => {
    const set = await h.call('POST', `${ID}/v2/graph`, {
      body: {
        composite_xids: [
          { ns: 'Email', id: 'user1@example.com' },
          { ns: 'Email', id: 'nobody@example.com' },
        ],
        projection_type: 'set',
      },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ version: '2.0', algo_type: 'STITCH_ALL', unprocessed_composite_xids: [{ ns: 'Email', id: 'nobody@example.com' }] });
    const graphs = (set.json as { graphs: Array<{ composite_xid: Obj; members: Obj[] }> }).graphs;
    expect(graphs).toHaveLength(1);
    expect(graphs[0]?.composite_xid).toEqual({ ns: 'Email', id: 'user1@example.com' });
    expect(graphs[0]?.members).toEqual([
      { ns: 'Email', id: 'user1@example.com' },
      { ns: 'ECID', id: 'ecid-1' },
    ]);
    const xid = String(((await h.call('GET', `${ID}/identity?namespace=ECID&id=ecid-1`)).json as Obj).xid);
    const byXid = await h.call('POST', `${ID}/v2/graph`, { body: { xids: [xid], projection_type: 'graph' } });
    const graph = (byXid.json as { graphs: Array<{ xid: string; vertices: Obj[]; edges: unknown[] }> }).graphs[0];
    expect(graph?.xid).toBe(xid);
    expect(graph?.vertices.map((v) => v.xid)).toHaveLength(2);
    expect(graph?.vertices[0]).toMatchObject({ xid, last_updated_ts: expect.any(Number) });
    const byNsid = await h.call('POST', `${ID}/v2/graph`, { body: { composite_xids: [{ nsid: 4, id: 'ecid-2' }] } });
    expect((byNsid.json as { graphs: Array<{ members: Obj[] }> }).graphs[0]?.members).toContainEqual({ nsid: 4, id: 'ecid-2' });
    expect((await h.call('POST', `${ID}/v2/graph`, { body: { xids: [xid], projection_type: 'tree' }, noContract: true })).status).toBe(400);
  });

  it('answers the deprecated cluster calls from the same graph', async () => {
    const get = await h.call('GET', `${ID}/cluster/members?namespace=Email&id=user2@example.com`);
    expect(get.json).toMatchObject({
      version: '1.1.0',
      clusters: [
        {
          compositeXid: { namespace: 'Email', id: 'user2@example.com' },
          members: [
            { namespace: 'Email', id: 'user2@example.com' },
            { namespace: 'ECID', id: 'ecid-2' },
          ],
        },
      ],
    });
    const post = await h.call('POST', `${ID}/clusters/members`, {
      body: {
        compositeXids: [
          { nsid: '4', id: 'ecid-1' },
          { nsid: '4', id: 'none' },
        ],
      },
    });
    expect(post.json).toMatchObject({ clusters: [{ compositeXid: { nsid: '4', id: 'ecid-1' } }], unprocessedRecords: [{ nsid: '4', id: 'none' }] });
  });

  it('updates a custom namespace but neither its code nor a standard namespace', async () => {
    const list = (await h.call('GET', '/data/core/idnamespace/identities')).json as Obj[];
    const crm = list.find((n) => n.code === 'CRMID') as Obj;
    const put = await h.call('PUT', `/data/core/idnamespace/identities/${String(crm.id)}`, {
      body: { name: 'CRM customer id', code: 'CRMID', idType: 'CROSS_DEVICE', description: 'renamed' },
    });
    expect(put.json).toMatchObject([{ id: crm.id, code: 'CRMID', name: 'CRM customer id', description: 'renamed' }]);
    expect(
      (
        await h.call('PUT', `/data/core/idnamespace/identities/${String(crm.id)}`, {
          body: { name: 'x', code: 'OTHER', idType: 'CROSS_DEVICE' },
          noContract: true,
        })
      ).status,
    ).toBe(400);
    const ecid = list.find((n) => n.code === 'ECID') as Obj;
    expect(
      (await h.call('PUT', `/data/core/idnamespace/identities/${String(ecid.id)}`, { body: { name: 'x', code: 'ECID', idType: 'COOKIE' }, noContract: true }))
        .status,
    ).toBe(400);
  });

  it('lists the stitched profile in a Profile entity’s identityGraph', async () => {
    const r = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=user1@example.com&entityIdNS=Email`);
    const [xid, entry] = Object.entries(r.json as Record<string, Obj>)[0] ?? ['', {}];
    expect(entry.identityGraph).toEqual([xid]);
  });

  it('names the documented schema when schema.name lacks its underscore', async () => {
    const r = await h.call(
      'GET',
      `${UPS}/access/entities?schema.name=xdm.context.experienceevent&relatedSchema.name=_xdm.context.profile&relatedEntityId=user1@example.com&relatedEntityIdNS=Email`,
    );
    expect(r.status).toBe(400);
    expect((r.json as Obj).message).toMatch(/_xdm\.context\.experienceevent, with its leading underscore/);
  });
});
