/**
 * Batch Ingestion's batch preview and Data Access's dataset preview, and Data Access links built from
 * the origin a client came through (they used the sandbox's own address, which breaks behind a proxy).
 */
import { describe, expect, it } from 'vitest';
import { completeBatch, customer, EXP, IMP, jsonl, newBatch, putFile, type Obj, useCustomersSandbox } from './batch-client';

describe('previews and Data Access links', () => {
  const sandbox = useCustomersSandbox();

  it('previews what a loading batch has received, as the spec shapes it', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId);
    await putFile(h, b, 'a.json', jsonl([customer(1), customer(2), customer(3)]));
    const r = await h.call('GET', `${IMP}/batches/${b.id}/datasets/${datasetId}/preview?format=json&nrow=2`);
    expect(r.status).toBe(200);
    expect(r.contract?.checked).toBe(true);
    const body = r.json as { formatParams: Obj; preview: { columns: Obj[]; rows: Obj[] } };
    expect(body.formatParams).toMatchObject({ format: 'json', header: true, delimiter: ',' });
    expect(body.preview.columns.map((c) => c.name)).toEqual(['_id', 'personalEmail', 'person', 'identityMap']);
    expect(body.preview.columns[0]).toEqual({ cid: '0', name: '_id' });
    expect(body.preview.rows).toHaveLength(2);
    expect(body.preview.rows[0]).toMatchObject({ _id: 'c1', personalEmail: JSON.stringify({ address: 'user1@example.com' }) });
    expect((await h.call('GET', `${IMP}/batches/${b.id}/datasets/${datasetId}/preview`, { noContract: true })).status).toBe(400);
    expect((await h.call('GET', `${IMP}/batches/${b.id}/datasets/other/preview?format=json`)).status).toBe(404);
  });

  it('previews the first rows of a dataset through Data Access', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId);
    await putFile(h, b, 'a.json', jsonl([customer(10), customer(11)]));
    expect((await completeBatch(h, b)).status).toBe('success');
    const r = await h.call('GET', `${EXP}/datasets/${datasetId}/preview`);
    expect(r.status).toBe(200);
    const ids = (r.json as { data: Obj[] }).data.map((row) => row._id);
    expect(ids).toEqual(expect.arrayContaining(['c10', 'c11']));
    expect((await h.call('GET', `${EXP}/datasets/nope/preview`)).status).toBe(404);
  });

  it('links to the origin the request came through', async () => {
    const { h, datasetId } = sandbox();
    const b = await newBatch(h, datasetId, { partialIngestionPercent: 100 });
    await putFile(h, b, 'a.json', jsonl([customer(20), { _id: 'bad', person: 'x' }]));
    await completeBatch(h, b);
    const direct = await h.call('GET', `${EXP}/batches/${b.id}/failed`);
    const hrefs = (r: { json: unknown }): string[] => (r.json as { data: Array<{ _links: { self: { href: string } } }> }).data.map((d) => d._links.self.href);
    for (const href of hrefs(direct)) expect(href.startsWith(`${h.sandbox.url}${EXP}/batches/${b.id}/failed?path=`)).toBe(true);
    const proxied = await h.call('GET', `${EXP}/batches/${b.id}/failed`, {
      headers: { 'x-forwarded-host': 'aep.example.test:8443, inner:1', 'x-forwarded-proto': 'https' },
    });
    expect(hrefs(proxied).length).toBeGreaterThan(0);
    for (const href of hrefs(proxied)) expect(href.startsWith(`https://aep.example.test:8443${EXP}/batches/${b.id}/failed?path=`)).toBe(true);
    const files = await h.call('GET', `${EXP}/batches/${b.id}/files`, { headers: { 'x-forwarded-host': 'proxy.test' } });
    for (const href of hrefs(files)) expect(href).toMatch(new RegExp(`^http://proxy\\.test${EXP}/files/`));
  });
});
