/**
 * Catalog as AEP serves it (issue 11): the properties real dataset and batch objects carry, with the
 * types of Adobe's examples; the list queries of the filter guide; and the batch, view, file and tag
 * operations of the spec. Every answer the spec describes is contract-checked by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataBehaviorOf, pqsTableName, servedDataset } from '../../src-main/core/sandbox/datasets';
import { sandboxIdOf } from '../../src-main/core/sandbox/ids';
import type { JsonObject } from '../../src-main/core/sandbox/json';
import { CAT, completeBatch, customer, jsonl, newBatch, putFile, seededDataset, type Obj } from './batch-client';
import { Harness } from './harness';

/** The one object of a Catalog answer keyed by id. */
function only(json: unknown, id: string): Obj {
  const o = (json as Record<string, Obj>)[id];
  if (!o) throw new Error(`no ${id} in ${JSON.stringify(json).slice(0, 300)}`);
  return o;
}

function typesOf(o: Obj, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, Array.isArray(o[k]) ? 'array' : o[k] === null ? 'null' : typeof o[k]]));
}

describe('Catalog objects and queries', () => {
  let h: Harness;
  let customers: string;
  let events: string;
  beforeAll(async () => {
    h = await Harness.start();
    customers = await seededDataset(h, 'XDM Loader Customers');
    events = await seededDataset(h, 'XDM Loader Events');
  });
  afterAll(async () => h.close());

  it('serves datasets with the properties and types of AEP answers (classification, state, sandboxId, pqs table...)', async () => {
    const ds = only((await h.call('GET', `${CAT}/dataSets/${customers}`)).json, customers);
    expect(
      typesOf(ds, [
        'name',
        'imsOrg',
        'sandboxId',
        'version',
        'created',
        'updated',
        'createdClient',
        'createdUser',
        'updatedUser',
        'viewId',
        'files',
        'state',
        'tags',
        'schemaRef',
        'classification',
        'observableSchema',
      ]),
    ).toEqual({
      name: 'string',
      imsOrg: 'string',
      sandboxId: 'string',
      version: 'string',
      created: 'number',
      updated: 'number',
      createdClient: 'string',
      createdUser: 'string',
      updatedUser: 'string',
      viewId: 'string',
      files: 'string',
      state: 'string',
      tags: 'object',
      schemaRef: 'object',
      classification: 'object',
      observableSchema: 'object',
    });
    expect(ds.classification).toEqual({ dataBehavior: 'record', managedBy: 'CUSTOMER' });
    expect(only((await h.call('GET', `${CAT}/dataSets/${events}`)).json, events).classification).toEqual({
      dataBehavior: 'time-series',
      managedBy: 'CUSTOMER',
    });
    expect(ds.sandboxId).toBe(sandboxIdOf('prod'));
    expect(ds.sandboxId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((ds.tags as Obj)['adobe/pqs/table']).toEqual(['xdm_loader_customers']);
    expect(ds.files).toBe(`@/dataSetFiles?dataSetId=${customers}`);
    // aepp's getDataSets: every dataset of a list carries classification.
    const all = (await h.call('GET', `${CAT}/dataSets?limit=100`)).json as Record<string, Obj>;
    for (const d of Object.values(all)) expect((d.classification as Obj).dataBehavior).toEqual(expect.any(String));
  });

  it('records who created and changed a dataset, and its table name stays unique', async () => {
    const schemaRef = only((await h.call('GET', `${CAT}/dataSets/${customers}`)).json, customers).schemaRef;
    const created = await h.call('POST', `${CAT}/dataSets`, { body: { name: 'XDM Loader Customers!', schemaRef } });
    expect(created.status).toBe(201);
    const id =
      String((created.json as string[])[0])
        .split('/')
        .pop() ?? '';
    expect(created.headers.get('location')).toBe(`${CAT}/dataSets/${id}`);
    const ds = only((await h.call('GET', `${CAT}/dataSets/${id}`)).json, id);
    expect(ds).toMatchObject({
      createdClient: h.sandbox.credentials.clientId,
      createdUser: `${h.sandbox.credentials.clientId}@AdobeID`,
      state: 'DRAFT',
      version: '1.0.0',
    });
    expect((ds.tags as Obj)['adobe/pqs/table']).toEqual(['xdm_loader_customers_1']);
    const v2 = await h.call('PATCH', `${CAT}/v2/dataSets/${id}`, {
      body: { description: 'Q2', extensions: { adobe_lakeHouse: { rowExpiration: { ttlValue: 'P3Y' } } }, classification: { managedBy: 'CUSTOMER' } },
    });
    expect(v2.json).toEqual([`@/dataSets/${id}`]);
    const after = only((await h.call('GET', `${CAT}/dataSets/${id}`)).json, id);
    expect(after).toMatchObject({
      description: 'Q2',
      version: '1.0.1',
      extensions: { adobe_lakeHouse: { rowExpiration: { ttlValue: 'P3Y' } } },
      classification: { dataBehavior: 'record', managedBy: 'CUSTOMER' },
    });
    expect((await h.call('PATCH', `${CAT}/v2/dataSets/${id}`, { body: { created: 1 }, noContract: true })).status).toBe(400);
  });

  it('serves batches with the properties and types of AEP answers, before and after processing', async () => {
    const b = await newBatch(h, customers);
    const loading = only((await h.call('GET', `${CAT}/batches/${b.id}`)).json, b.id);
    expect(
      typesOf(loading, [
        'id',
        'sandboxId',
        'imsOrg',
        'status',
        'created',
        'updated',
        'createdUser',
        'createdClient',
        'updatedUser',
        'relatedObjects',
        'metrics',
        'errors',
        'inputFormat',
        'version',
        'tags',
      ]),
    ).toEqual({
      id: 'string',
      sandboxId: 'string',
      imsOrg: 'string',
      status: 'string',
      created: 'number',
      updated: 'number',
      createdUser: 'string',
      createdClient: 'string',
      updatedUser: 'string',
      relatedObjects: 'array',
      metrics: 'object',
      errors: 'array',
      inputFormat: 'object',
      version: 'string',
      tags: 'object',
    });
    expect(loading.sandboxId).toBe(sandboxIdOf('prod'));
    await putFile(h, b, 'a.json', jsonl([customer(1)]));
    const done = await completeBatch(h, b);
    expect(typesOf(done, ['started', 'completed'])).toEqual({ started: 'number', completed: 'number' });
    expect(done.metrics).toMatchObject({ inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 });
    expect(only((await h.call('GET', `${CAT}/dataSets/${customers}`)).json, customers).state).toBe('ACTIVE');
  });

  it('filters, orders, pages and projects lists as the filter guide says', async () => {
    const first = await newBatch(h, events);
    const second = await newBatch(h, events);
    await h.call('POST', `/data/foundation/import/batches/${second.id}?action=ABORT`);
    const ids = (q: string): Promise<string[]> => h.call('GET', `${CAT}/batches?${q}`).then((r) => Object.keys(r.json as Obj));
    expect(await ids(`dataSet=${events}&orderBy=asc:created`)).toEqual([first.id, second.id]);
    expect(await ids(`dataSet=${events}&orderBy=desc:created`)).toEqual([second.id, first.id]);
    expect(await ids(`dataSet=${events}&orderBy=desc:created&limit=1&start=1`)).toEqual([first.id]);
    expect(await ids(`dataSet=${events}&status=aborted`)).toEqual([second.id]);
    expect(await ids(`dataSet=${events}&status=!aborted`)).toEqual([first.id]);
    // A repeated parameter is a list of its values.
    expect((await ids(`dataSet=${events}&status=loading&status=aborted&orderBy=created`)).sort()).toEqual([first.id, second.id].sort());
    const created = Number(only((await h.call('GET', `${CAT}/batches/${second.id}`)).json, second.id).created);
    expect(await ids(`dataSet=${events}&createdAfter=${created - 1}`)).toContain(second.id);
    expect(await ids(`dataSet=${events}&createdBefore=${created}`)).not.toContain(second.id);
    const projected = (await h.call('GET', `${CAT}/batches?dataSet=${events}&properties=status&properties=created`)).json as Record<string, Obj>;
    expect(Object.values(projected).map((o) => Object.keys(o).sort())).toEqual([
      ['created', 'status'],
      ['created', 'status'],
    ]);
    // `version` compares as a version: 1.0.10 is above 1.0.9 (as text it would be below).
    for (let i = 0; i < 10; i += 1) await h.call('PATCH', `${CAT}/v2/dataSets/${events}`, { body: { description: `change ${i}` } });
    const newer = (await h.call('GET', `${CAT}/dataSets?property=version>1.0.9&properties=version`)).json as Record<string, Obj>;
    expect(newer).toEqual({ [events]: { version: '1.0.10' } });
    expect(await ids(`dataSet=${events}&property=id~^${first.id.slice(0, 20)}`)).toEqual([first.id]);
    for (const q of ['limit=0', 'limit=x', 'start=-1', 'createdAfter=soon', 'property=name~('])
      expect((await h.call('GET', `${CAT}/batches?${q}`, { noContract: true })).status).toBe(400);
  });

  it('lists the unique values of a batch field and the last batches per dataset', async () => {
    const uniques = await h.call('GET', `${CAT}/batches/uniques/status?dataSet=${events}`);
    expect((uniques.json as string[]).sort()).toEqual(['aborted', 'loading']);
    const last = await h.call('GET', `${CAT}/lastBatches?dataSetId=${customers},${events}`);
    const byDs = last.json as Record<string, Obj>;
    expect(Object.keys(byDs).sort()).toEqual([customers, events].sort());
    expect(byDs[customers]).toMatchObject({ lastBatchStatus: 'success', imsOrg: h.sandbox.credentials.orgId });
    expect(byDs[customers]?.lastSuccessfulBatchId).toBe(byDs[customers]?.lastBatchId);
    expect(byDs[events]?.lastBatchStatus).toBe('aborted');
  });

  it('creates, replaces, patches and deletes batches through Catalog', async () => {
    const created = await h.call('POST', `${CAT}/batches`, {
      body: { status: 'loading', relatedObjects: [{ type: 'dataSet', id: customers }], tags: { origin: ['catalog'] } },
    });
    expect(created.status).toBe(201);
    const id = String((created.json as string[])[0]).replace('@/batches/', '');
    expect(only((await h.call('GET', `${CAT}/batches/${id}`)).json, id)).toMatchObject({
      status: 'loading',
      relatedObjects: [{ type: 'dataSet', id: customers }],
      tags: { origin: ['catalog'] },
      version: '1.0.0',
    });
    expect((await h.call('PATCH', `${CAT}/batches/${id}`, { body: { status: 'staged' } })).json).toEqual([`@/batches/${id}`]);
    expect(only((await h.call('GET', `${CAT}/batches/${id}`)).json, id)).toMatchObject({ status: 'staged', version: '1.0.1', tags: { origin: ['catalog'] } });
    expect((await h.call('PUT', `${CAT}/batches/${id}`, { body: { status: 'loaded' } })).status).toBe(200);
    const replaced = only((await h.call('GET', `${CAT}/batches/${id}`)).json, id);
    expect(replaced).toMatchObject({ status: 'loaded', id });
    expect(replaced.tags).toBeUndefined();
    const withId = await h.call('POST', `${CAT}/batches/my-batch-1`, { body: { status: 'loading', datasetId: customers } });
    expect(withId.json).toEqual(['@/batches/my-batch-1']);
    expect((await h.call('POST', `${CAT}/batches/my-batch-1`, { body: { status: 'loading' } })).status).toBe(400);
    expect((await h.call('DELETE', `${CAT}/batches/${id}`)).json).toEqual([`@/batches/${id}`]);
    expect((await h.call('GET', `${CAT}/batches/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `${CAT}/batches/${id}`)).status).toBe(404);
  });

  it('serves a dataset view, its files, the files link and tag values', async () => {
    const ds = only((await h.call('GET', `${CAT}/dataSets/${customers}`)).json, customers);
    const viewId = String(ds.viewId);
    const view = await h.call('GET', `${CAT}/dataSets/${customers}/views/${viewId}`, { noContract: true });
    expect(only(view.json, viewId)).toMatchObject({ dataSetId: customers, files: `@/dataSets/${customers}/views/${viewId}/files` });
    expect(Object.keys((await h.call('GET', `${CAT}/dataSets/${customers}/views`, { noContract: true })).json as Obj)).toEqual([viewId]);
    expect((await h.call('GET', `${CAT}/dataSets/${customers}/views/nope`, { noContract: true })).status).toBe(404);
    const files = (await h.call('GET', `${CAT}/dataSets/${customers}/views/${viewId}/files`, { noContract: true })).json as Record<string, Obj>;
    expect(Object.values(files).length).toBeGreaterThan(0);
    for (const f of Object.values(files))
      expect(typesOf(f, ['records', 'size', 'created', 'batchId'])).toEqual({ records: 'number', size: 'number', created: 'number', batchId: 'string' });
    const link = (await h.call('GET', `${CAT}/dataSetFiles?dataSetId=${customers}`, { noContract: true })).json as Obj;
    expect(Object.keys(link).sort()).toEqual(Object.keys(files).sort());
    const tags = (await h.call('GET', `${CAT}/tags/unifiedProfile`)).json as Obj;
    expect(tags.unifiedProfile).toEqual(['enabled:true']);
    expect(((tags.objectType as Obj).datasets as string[]).length).toBeGreaterThanOrEqual(2);
    expect((await h.call('GET', `${CAT}/tags/no-such-tag`)).status).toBe(404);
    const creds = await h.call('GET', `${CAT}/dataSets/${customers}/credentials`, { noContract: true });
    expect(creds.status).toBe(501);
    expect((creds.json as Obj).detail).toMatch(/does not emulate/);
  });
});

describe('Catalog dataset helpers', () => {
  const registry = (schema: JsonObject | undefined) => ({ findSchema: () => schema }) as unknown as Parameters<typeof dataBehaviorOf>[0]['registry'];

  it('names the data behaviour after the class the schema extends', () => {
    expect(dataBehaviorOf({ registry: registry({ 'meta:extends': ['https://ns.adobe.com/xdm/data/time-series'] }) }, 'prod', 'x')).toBe('time-series');
    expect(dataBehaviorOf({ registry: registry({ 'meta:extends': ['https://ns.adobe.com/xdm/data/adhoc'] }) }, 'prod', 'x')).toBe('adhoc');
    expect(dataBehaviorOf({ registry: registry(undefined) }, 'prod', 'x')).toBe('record');
  });

  it('makes Query Service table names as AEP does', () => {
    expect(pqsTableName('Demo System - Event Dataset for Website (Global v1.1)', new Set())).toBe('demo_system_event_dataset_for_website_global_v1_1');
    expect(pqsTableName('Customers', new Set(['customers', 'customers_1']))).toBe('customers_2');
  });

  it('gives a dataset stored by an earlier version what it lacked', () => {
    const old: JsonObject = { name: 'Old', sandboxId: 'prod', schemaRef: { id: 'x' } };
    expect(servedDataset({ registry: registry({ 'meta:extends': ['https://ns.adobe.com/xdm/data/record'] }) }, 'prod', old)).toMatchObject({
      name: 'Old',
      sandboxId: sandboxIdOf('prod'),
      state: 'DRAFT',
      classification: { dataBehavior: 'record', managedBy: 'CUSTOMER' },
    });
  });
});
