/**
 * Streaming ingestion over HTTP, every response checked against the streaming spec: single messages
 * with and without `syncValidation`, the batch endpoint's 207 per message, 413 above 1 MB, and
 * streamed records reaching the dataset (Data Access), its failed records and Profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAT, EXP, customer, profileByIdentity, seededDataset, type Obj } from './batch-client';
import { Harness } from './harness';

describe('Local sandbox streaming ingestion', () => {
  let h: Harness;
  let datasetId = '';
  let schemaId = '';

  beforeAll(async () => {
    h = await Harness.start();
    datasetId = await seededDataset(h, 'XDM Loader Customers');
    const ds = await h.call('GET', `${CAT}/dataSets/${datasetId}`);
    schemaId = String(((ds.json as Record<string, Obj>)[datasetId]?.schemaRef as Obj).id);
  });
  afterAll(async () => {
    await h.close();
  });

  function envelope(entity: Obj, header: Obj = {}): Obj {
    const schemaRef = { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' };
    return {
      header: { schemaRef, imsOrgId: h.sandbox.credentials.orgId, datasetId, flowId: 'flow-1', source: { name: 'test' }, ...header },
      body: { xdmMeta: { schemaRef }, xdmEntity: entity },
    };
  }

  /** The dataset's streaming batch (one per day) from Catalog. */
  async function streamingBatch(): Promise<Obj & { id: string }> {
    const r = await h.call('GET', `${CAT}/batches?dataSet=${datasetId}`);
    const batches = Object.entries(r.json as Record<string, Obj>).filter(([, b]) => Array.isArray((b.tags as Obj | undefined)?.acp_streamingDay));
    expect(batches).toHaveLength(1);
    const [id, batch] = batches[0] ?? ['', {}];
    return { ...batch, id };
  }

  it('accepts a valid single message asynchronously; the record reaches Profile and the dataset', async () => {
    const r = await h.call('POST', '/collection/inlet-1', { body: envelope(customer(1)) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ inletId: 'inlet-1', syncValidation: { skipped: true } });
    expect(String((r.json as Obj).xactionId)).toMatch(/^\d+:\d+:\d+$/);
    const entity = await profileByIdentity(h, 'user1@example.com', 'Email');
    expect(entity?.person).toEqual({ name: { firstName: 'First1', lastName: 'Doe' } });

    const batch = await streamingBatch();
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 1, outputRecordCount: 1, failedRecordCount: 0 });
    const files = await h.call('GET', `${EXP}/batches/${batch.id}/files`);
    const fileId = String(((files.json as Obj).data as Obj[])[0]?.dataSetFileId);
    const listing = await h.call('GET', `${EXP}/files/${fileId}`);
    const name = String(((listing.json as Obj).data as Obj[])[0]?.name);
    const content = await h.call('GET', `${EXP}/files/${fileId}?path=${encodeURIComponent(name)}`);
    expect(
      content.text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Obj)._id),
    ).toEqual(['c1']);
  });

  it('with syncValidation drops an invalid record with the _streamingValidation report, and accepts a valid one', async () => {
    const invalid = await h.call('POST', '/collection/inlet-1?syncValidation=true', {
      body: envelope(customer(2, { person: { birthDate: 'not-a-date' }, unknownField: 1 })),
    });
    expect(invalid.status).toBe(400);
    const body = invalid.json as Obj;
    expect(body.title).toBe('Invalid XDM Message Format');
    const validation = ((body.report as Obj).cause as Obj)._streamingValidation as Obj[];
    expect(validation[0]?.message).toBe('2 schema violations found');
    const causes = (validation[0]?.causingExceptions as Obj[]).map((c) => c.keyword).sort();
    expect(causes).toEqual(['additionalProperties', 'format']);
    expect(await profileByIdentity(h, 'user2@example.com', 'Email')).toBeUndefined();

    const valid = await h.call('POST', '/collection/inlet-1?syncValidation=true', { body: envelope(customer(3)) });
    expect(valid.status).toBe(200);
    expect((valid.json as Obj).syncValidation).toBeUndefined();
    expect(await profileByIdentity(h, 'ecid-3', 'ECID')).toBeDefined();
    expect((await streamingBatch()).metrics).toMatchObject({ inputRecordCount: 2, outputRecordCount: 2, failedRecordCount: 0 });
  });

  it('without syncValidation accepts an invalid record and keeps it as a failed record of the streaming batch', async () => {
    const r = await h.call('POST', '/collection/inlet-1', { body: envelope(customer(4, { person: { birthDate: 'nope' } })) });
    expect(r.status).toBe(200);
    expect(await profileByIdentity(h, 'user4@example.com', 'Email')).toBeUndefined();
    const batch = await streamingBatch();
    expect(batch.metrics).toMatchObject({ inputRecordCount: 3, outputRecordCount: 2, failedRecordCount: 1 });
    const failed = await h.call('GET', `${EXP}/batches/${batch.id}/failed`);
    const names = ((failed.json as Obj).data as Obj[]).map((d) => String(d.name));
    const part = names.find((n) => n !== '_SUCCESS') ?? '';
    const rows = (await h.call('GET', `${EXP}/batches/${batch.id}/failed?path=${encodeURIComponent(part)}`)).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);
    expect(rows).toHaveLength(1);
    expect(rows[0]?._id).toBe('c4');
    expect((rows[0]?._validationErrors as Obj[])[0]).toMatchObject({ keyword: 'format', pointerToViolation: '#/person/birthDate' });
  });

  it('answers 207 on the batch endpoint with one result per message, in order', async () => {
    const messages = [
      envelope(customer(5)),
      { header: envelope(customer(6)).header },
      envelope(customer(7), { imsOrgId: 'OTHER@AdobeOrg' }),
      envelope(customer(8), { datasetId: 'missing' }),
      envelope(customer(9)),
    ];
    const r = await h.call('POST', '/collection/batch/inlet-2', { body: { messages } });
    expect(r.status).toBe(207);
    const body = r.json as Obj;
    expect(body.inletId).toBe('inlet-2');
    const responses = body.responses as Obj[];
    expect(responses).toHaveLength(5);
    expect(responses.map((x) => (x.xactionId ? 'ok' : x.statusCode))).toEqual(['ok', 400, 400, 400, 'ok']);
    expect(String(responses[1]?.message)).toContain('Message has unknown xdm format');
    expect(String(responses[2]?.message)).toContain('absent or wrong ims org');
    expect(await profileByIdentity(h, 'user5@example.com', 'Email')).toBeDefined();
    expect(await profileByIdentity(h, 'user9@example.com', 'Email')).toBeDefined();
    expect(await profileByIdentity(h, 'user6@example.com', 'Email')).toBeUndefined();
  });

  it('answers 413 to a body over 1 MB on both endpoints', async () => {
    const big = envelope(customer(10, { person: { name: { firstName: 'x'.repeat(1024 * 1024) } } }));
    const single = await h.call('POST', '/collection/inlet-1', { body: big });
    expect(single.status).toBe(413);
    const many = await h.call('POST', '/collection/batch/inlet-1', { body: { messages: [big] } });
    expect(many.status).toBe(413);
    const justUnder = envelope(customer(11, { person: { name: { firstName: 'y'.repeat(900 * 1024) } } }));
    expect((await h.call('POST', '/collection/inlet-1', { body: justUnder })).status).toBe(200);
    expect(await profileByIdentity(h, 'user10@example.com', 'Email')).toBeUndefined();
  });

  it('takes the record tutorial’s synchronousValidation=true as syncValidation, answering in its words', async () => {
    const valid = await h.call('POST', '/collection/inlet-1?synchronousValidation=true', { body: envelope(customer(30)) });
    expect(valid.status).toBe(200);
    expect(valid.json).toMatchObject({ synchronousValidation: { status: 'pass' } });
    expect((valid.json as Obj).syncValidation).toBeUndefined();
    const invalid = await h.call('POST', '/collection/inlet-1?synchronousValidation=true', {
      body: envelope(customer(31, { person: { birthDate: 'not-a-date' } })),
    });
    expect(invalid.status).toBe(400);
    expect(await profileByIdentity(h, 'ecid-31', 'ECID')).toBeUndefined();
  });
});
