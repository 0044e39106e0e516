/**
 * End to end over HTTP against a fresh Local sandbox, every response validated against Adobe's
 * specs: token → schema and dataset enabled for Profile → batch with a small file and a chunked
 * large file → COMPLETE → success → entities found by identity; partial success with downloadable
 * failed records; a type-incompatible file failing the batch; Parquet; restart keeping everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Harness } from './harness';

type Obj = Record<string, unknown>;
const SR = '/data/foundation/schemaregistry';
const CAT = '/data/foundation/catalog';
const IMP = '/data/foundation/import';
const EXP = '/data/foundation/export';
const UPS = '/data/core/ups';

function jsonl(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function customer(i: number, extra: Obj = {}): Obj {
  return {
    _id: `c${i}`,
    personalEmail: { address: `user${i}@example.com` },
    person: { name: { firstName: `First${i}`, lastName: 'Doe' } },
    identityMap: { ECID: [{ id: `ecid-${i}` }] },
    ...extra,
  };
}

describe('Local sandbox end to end', () => {
  let h: Harness;
  let schemaId = '';
  let datasetId = '';

  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => {
    await h.close();
  });

  async function newBatch(body: Obj = {}): Promise<string> {
    const r = await h.call('POST', `${IMP}/batches`, { body: { datasetId, inputFormat: { format: 'json' }, ...body } });
    expect(r.status).toBe(201);
    expect((r.json as Obj).status).toBe('loading');
    return String((r.json as Obj).id);
  }

  async function put(batchId: string, name: string, content: string | Uint8Array): Promise<void> {
    const r = await h.call('PUT', `${IMP}/batches/${batchId}/datasets/${datasetId}/files/${name}`, { raw: content });
    expect(r.status).toBe(200);
  }

  async function complete(batchId: string): Promise<Obj> {
    expect((await h.call('POST', `${IMP}/batches/${batchId}?action=COMPLETE`)).status).toBe(200);
    return h.waitForBatch(batchId);
  }

  it('issues tokens and rejects a wrong secret with the IMS body', async () => {
    const c = h.sandbox.credentials;
    const bad = await fetch(`${h.sandbox.url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: 'nope', scope: 'openid' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client_secret parameter' });
    const good = await fetch(`${h.sandbox.url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'openid' }),
    });
    const body = (await good.json()) as Obj;
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(86399);
  });

  it('answers the gateway errors for missing or bad headers', async () => {
    const url = `${h.sandbox.url}${CAT}/dataSets`;
    const all = h.headers();
    const without = (name: string): Record<string, string> => Object.fromEntries(Object.entries(all).filter(([k]) => k !== name));
    const cases: Array<[Record<string, string>, number, string]> = [
      [without('authorization'), 403, '403010'],
      [without('x-api-key'), 403, '403000'],
      [{ ...all, authorization: 'Bearer forged' }, 401, '401013'],
      [{ ...all, 'x-api-key': 'other' }, 403, '403003'],
      [without('x-gw-ims-org-id'), 400, '400003'],
      [{ ...all, 'x-gw-ims-org-id': 'X@AdobeOrg' }, 403, '403025'],
      [{ ...all, 'x-sandbox-name': 'Not_A_Sandbox' }, 400, '400000'],
    ];
    for (const [headers, status, code] of cases) {
      const r = await fetch(url, { headers });
      expect(r.status).toBe(status);
      expect(((await r.json()) as Obj).error_code).toBe(code);
    }
  });

  it('serves the global library in Compatibility Mode and enforces Accept rules', async () => {
    const stats = await h.call('GET', `${SR}/stats`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    expect((stats.json as Obj).tenantId).toBe(h.sandbox.tenantId);
    const listWithVersion = await h.call('GET', `${SR}/global/classes`, { headers: { accept: 'application/vnd.adobe.xed-id+json; version=1' } });
    expect(listWithVersion.status).toBe(400);
    expect((listWithVersion.json as Obj).type).toBe('http://ns.adobe.com/aep/errors/XDM-1006-400');
    const classes = await h.call('GET', `${SR}/global/classes`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    expect(((classes.json as Obj).results as Obj[]).map((c) => c['meta:altId'])).toContain('_xdm.context.profile');
    const noVersion = await h.call('GET', `${SR}/global/classes/_xdm.context.profile`, { headers: { accept: 'application/vnd.adobe.xed-full+json' } });
    expect(noVersion.status).toBe(400);
    expect((noVersion.json as Obj).type).toBe('http://ns.adobe.com/aep/errors/XDM-1007-400');
    const tenant = await h.call('GET', `${SR}/tenant/schemas`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    const seeded = String(((tenant.json as Obj).results as Obj[])[0]?.['meta:altId']);
    const wrongVersion = await h.call('GET', `${SR}/tenant/schemas/${seeded}`, { headers: { accept: 'application/vnd.adobe.xed-full+json; version=7' } });
    expect(wrongVersion.status).toBe(406);
    const group = await h.call('GET', `${SR}/global/fieldgroups/${encodeURIComponent('https://ns.adobe.com/xdm/context/profile-person-details')}`, {
      headers: { accept: 'application/vnd.adobe.xed-full+json; version=1' },
    });
    const props = (group.json as Obj).properties as Obj;
    expect(Object.keys(props)).toContain('person');
    expect((props.person as Obj)['meta:xdmField']).toBe('xdm:person');
    const profileClass = await h.call('GET', `${SR}/global/classes/_xdm.context.profile`, {
      headers: { accept: 'application/vnd.adobe.xed-full+json; version=1' },
    });
    const cprops = (profileClass.json as Obj).properties as Obj;
    expect(cprops._id).toMatchObject({ 'meta:xdmField': '@id' });
    expect(((cprops._repo as Obj).properties as Obj).createDate).toMatchObject({ 'meta:xdmType': 'date-time' });
  });

  it('creates a Profile schema with an identity descriptor and the union tag, and a dataset enabled for Profile', async () => {
    const created = await h.call('POST', `${SR}/tenant/schemas`, {
      body: {
        title: 'Test customers',
        type: 'object',
        allOf: [
          { $ref: 'https://ns.adobe.com/xdm/context/profile' },
          { $ref: 'https://ns.adobe.com/xdm/context/identitymap' },
          { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' },
          { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
        ],
      },
    });
    expect(created.status).toBe(201);
    schemaId = String((created.json as Obj).$id);
    const early = await h.call('PATCH', `${SR}/tenant/schemas/${encodeURIComponent(schemaId)}`, {
      body: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }],
    });
    expect(early.status).toBe(200);
    const desc = await h.call('POST', `${SR}/tenant/descriptors`, {
      body: {
        '@type': 'xdm:descriptorIdentity',
        'xdm:sourceSchema': schemaId,
        'xdm:sourceVersion': 1,
        'xdm:sourceProperty': '/personalEmail/address',
        'xdm:namespace': 'Email',
        'xdm:property': 'xdm:code',
        'xdm:isPrimary': true,
      },
    });
    expect(desc.status).toBe(201);
    const lookup = await h.call('GET', `${SR}/tenant/schemas/${encodeURIComponent(schemaId)}`, {
      headers: { accept: 'application/vnd.adobe.xed+json; version=1' },
    });
    expect((lookup.json as Obj)['meta:immutableTags']).toEqual(['union']);
    const ds = await h.call('POST', `${CAT}/dataSets`, {
      body: { name: 'Test customers', schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
    });
    expect(ds.status).toBe(201);
    const ref = (ds.json as string[])[0] ?? '';
    expect(ref).toMatch(/^@\/dataSets\//);
    datasetId = ref.split('/').pop() ?? '';
    const patched = await h.call('PATCH', `${CAT}/dataSets/${datasetId}`, {
      raw: JSON.stringify([
        { op: 'add', path: '/tags/unifiedProfile', value: ['enabled:true'] },
        { op: 'add', path: '/tags/unifiedIdentity', value: ['enabled:true'] },
      ]),
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(patched.json).toEqual([`@/dataSets/${datasetId}`]);
    const got = await h.call('GET', `${CAT}/dataSets/${datasetId}`);
    expect(((got.json as Obj)[datasetId] as Obj).tags).toEqual({
      unifiedProfile: ['enabled:true'],
      unifiedIdentity: ['enabled:true'],
      'adobe/pqs/table': ['test_customers'],
    });
    const listed = await h.call('GET', `${CAT}/dataSets?limit=1&orderBy=desc:created&properties=name`);
    expect(Object.values(listed.json as Obj)).toEqual([{ name: 'Test customers' }]);
  });

  it('ingests a small file and a chunked large file, then finds the profiles by identity', async () => {
    const batchId = await newBatch();
    await put(batchId, 'small.json', jsonl([customer(1), customer(2)]));
    const big = Buffer.from(jsonl(Array.from({ length: 300 }, (_, i) => customer(i + 10))));
    const file = `${IMP}/batches/${batchId}/datasets/${datasetId}/files/part=a/large.json`;
    // 201 as the guide shows, with the spec's File body (a client such as aepp parses a body on a 201).
    const initialized = await h.call('POST', `${file}?action=INITIALIZE`, { headers: { 'content-type': 'application/json' } });
    expect([initialized.status, initialized.json]).toEqual([201, { name: 'part=a/large.json', sizeInBytes: 0 }]);
    const cut = Math.floor(big.length / 2);
    const second = await h.call('PATCH', file, { raw: big.subarray(cut), headers: { 'content-range': `bytes ${cut}-${big.length - 1}/${big.length}` } });
    expect(second.json).toEqual({ name: 'part=a/large.json', sizeInBytes: big.length - cut });
    const head = await h.call('HEAD', file);
    expect(head.headers.get('range')).toBe(`bytes=${cut}-${big.length - 1}`);
    const gap = await h.call('POST', `${file}?action=COMPLETE`);
    expect(gap.status).toBe(400);
    await h.call('PATCH', file, { raw: big.subarray(0, cut), headers: { 'content-range': `bytes 0-${cut - 1}` } });
    const completed = await h.call('POST', `${file}?action=COMPLETE`);
    expect([completed.status, completed.json]).toEqual([201, { name: 'part=a/large.json', sizeInBytes: big.length }]);
    const batch = await complete(batchId);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputFileCount: 2, inputRecordCount: 302, outputRecordCount: 302, failedRecordCount: 0 });
    expect((await h.call('POST', `${IMP}/batches/${batchId}?action=COMPLETE`)).status).toBe(200);

    const byEmail = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=user2@example.com&entityIdNS=email`);
    expect(byEmail.status).toBe(200);
    const [xid, entry] = Object.entries(byEmail.json as Record<string, Obj>)[0] ?? [];
    expect(entry?.entityId).toBe(xid);
    expect(((entry?.entity as Obj).person as Obj).name).toEqual({ firstName: 'First2', lastName: 'Doe' });
    expect(entry?.sources).toEqual([datasetId]);
    const byEcid = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=ecid-2&entityIdNS=ECID&fields=person.name.firstName`);
    expect(Object.keys(byEcid.json as Obj)).toEqual([xid]);
    expect(((byEcid.json as Record<string, Obj>)[xid ?? ''] as Obj).entity).toEqual({ person: { name: { firstName: 'First2' } } });

    const files = await h.call('GET', `${EXP}/batches/${batchId}/files`);
    const fileId = String(((files.json as Obj).data as Obj[])[0]?.dataSetFileId);
    const listing = await h.call('GET', `${EXP}/files/${fileId}`);
    const name = String(((listing.json as Obj).data as Obj[])[0]?.name);
    const part = await h.call('GET', `${EXP}/files/${fileId}?path=${encodeURIComponent(name)}`, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.text).toHaveLength(10);
    expect(part.headers.get('content-range')).toMatch(/^bytes 0-9\/\d+$/);
  });

  it('stitches identities across batches: the latest record wins per attribute', async () => {
    const batchId = await newBatch();
    await put(
      batchId,
      'update.json',
      jsonl([
        { _id: 'u1', personalEmail: { address: 'other@example.com' }, person: { name: { firstName: 'Renamed' } }, identityMap: { ECID: [{ id: 'ecid-1' }] } },
      ]),
    );
    expect((await complete(batchId)).status).toBe('success');
    const r = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=other@example.com&entityIdNS=Email`);
    const entry = Object.values(r.json as Record<string, Obj>)[0] as Obj;
    expect((entry.entity as Obj).person).toEqual({ name: { firstName: 'Renamed', lastName: 'Doe' } });
    const ids = ((entry.entity as Obj).identities as Obj[]).map((i) => `${String((i.namespace as Obj).code)}:${String(i.id)}`).sort();
    expect(ids).toEqual(['ecid:ecid-1', 'email:other@example.com', 'email:user1@example.com']);
    const many = await h.call('POST', `${UPS}/access/entities`, {
      body: {
        schema: { name: '_xdm.context.profile' },
        fields: ['person.name'],
        identities: [
          { entityId: 'user10@example.com', entityIdNS: { code: 'Email' } },
          { entityId: 'nobody@example.com', entityIdNS: { code: 'Email' } },
        ],
      },
    });
    const values = Object.values(many.json as Record<string, Obj>);
    expect(values).toHaveLength(2);
    expect(values.find((v) => v.lastModifiedAt === '1970-01-01T00:00:00Z')?.entity).toEqual({});
    const tooMany = await h.call('POST', `${UPS}/access/entities`, {
      body: {
        schema: { name: '_xdm.context.profile' },
        identities: Array.from({ length: 1001 }, (_, i) => ({ entityId: `x${i}`, entityIdNS: { code: 'Email' } })),
      },
    });
    expect(tooMany.status).toBe(422);
  });

  it('keeps identities in a namespace the sandbox does not have out of Profile, as AEP does', async () => {
    const batchId = await newBatch();
    await put(
      batchId,
      'unknown-ns.json',
      jsonl([{ _id: 'u-ns', personalEmail: { address: 'ns-known@example.com' }, identityMap: { NOSUCHNS: [{ id: 'ghost-1' }], ECID: [{ id: 'ecid-ns' }] } }]),
    );
    expect((await complete(batchId)).status).toBe('success');
    const ghost = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=ghost-1&entityIdNS=NOSUCHNS`);
    expect(ghost.status).toBe(404);
    const known = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=ecid-ns&entityIdNS=ECID`);
    const entry = Object.values(known.json as Record<string, Obj>)[0] as Obj;
    const ids = ((entry.entity as Obj).identities as Obj[]).map((i) => `${String((i.namespace as Obj).code)}:${String(i.id)}`).sort();
    expect(ids).toEqual(['ecid:ecid-ns', 'email:ns-known@example.com']);
  });

  it('keeps invalid records as failed records under partial ingestion', async () => {
    const batchId = await newBatch({ enableErrorDiagnostics: true, partialIngestionPercent: 75 });
    await put(
      batchId,
      'mixed.json',
      jsonl([customer(100), { ...customer(101), person: { birthDate: 'not-a-date' } }, { ...customer(102), unknownField: 1 }, customer(103)]) + '{broken\n',
    );
    const batch = await complete(batchId);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 5, outputRecordCount: 2, failedRecordCount: 3 });
    expect((batch.errors as Obj[]).map((e) => e.code)).toEqual(['INGEST-1212-400', 'INGEST-1401-400']);
    const failed = await h.call('GET', `${EXP}/batches/${batchId}/failed`);
    const names = ((failed.json as Obj).data as Obj[]).map((d) => String(d.name));
    expect(names[0]).toBe('_SUCCESS');
    const records = await h.call('GET', `${EXP}/batches/${batchId}/failed?path=${encodeURIComponent(names[1] ?? '')}`);
    const rows = records.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Obj);
    expect(rows).toHaveLength(3);
    expect((rows[0]?._validationErrors as Obj[])[0]).toMatchObject({ keyword: 'format', pointerToViolation: '#/person/birthDate' });
    expect((rows[1]?._validationErrors as Obj[])[0]).toMatchObject({
      keyword: 'additionalProperties',
      message: 'extraneous key [unknownField] is not permitted',
    });
    const meta = await h.call('GET', `${EXP}/batches/${batchId}/meta?path=row_errors`);
    expect(((meta.json as Obj).data as Obj[]).map((d) => d.name).sort()).toEqual(['conversion_errors_0.json', 'parsing_errors_0.json']);
  });

  it('fails a batch whose row errors exceed the tolerated share, and one with a type-incompatible file', async () => {
    const strict = await newBatch();
    await put(strict, 'one-bad.json', jsonl([customer(200), { ...customer(201), person: { birthDate: 'nope' } }]));
    const s = await complete(strict);
    expect(s.status).toBe('failed');
    expect((s.errors as Obj[])[0]?.code).toBe('INGEST-1211-400');
    const incompatible = await newBatch();
    await put(incompatible, 'types.json', jsonl([customer(900), { ...customer(901), person: { name: true } }]));
    const b = await complete(incompatible);
    expect(b.status).toBe('failed');
    expect((b.errors as Obj[])[0]?.code).toBe('TypeCompatibilityException');
    const notFound = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=user900@example.com&entityIdNS=email`);
    expect(notFound.status).toBe(404);
  });

  it('reads Parquet and converts epoch milliseconds and numeric strings', async () => {
    const batchId = await newBatch({ inputFormat: { format: 'parquet' } });
    const buf = parquetWriteBuffer({
      columnData: [
        { name: '_id', data: ['p1', 'p2'], type: 'STRING' },
        { name: 'personID', data: ['123', '456'], type: 'STRING' },
      ],
    });
    await put(batchId, 'ids.parquet', new Uint8Array(buf));
    const batch = await complete(batchId);
    expect(batch.status).toBe('success');
    expect(batch.metrics).toMatchObject({ inputRecordCount: 2, outputRecordCount: 2 });
  });

  it('rejects empty files, unknown actions and ABORTs a loading batch', async () => {
    const batchId = await newBatch();
    const empty = await h.call('PUT', `${IMP}/batches/${batchId}/datasets/${datasetId}/files/empty.json`, { raw: '' });
    expect(empty.status).toBe(400);
    expect((await h.call('POST', `${IMP}/batches/${batchId}?action=ABORT`)).status).toBe(200);
    const after = await h.call('GET', `${CAT}/batches/${batchId}`);
    expect(((after.json as Obj)[batchId] as Obj).status).toBe('aborted');
    const late = await h.call('PUT', `${IMP}/batches/${batchId}/datasets/${datasetId}/files/late.json`, { raw: jsonl([customer(1)]) });
    expect(late.status).toBe(400);
  });

  it('keeps everything across a restart', async () => {
    const before = h.sandbox.credentials;
    await h.sandbox.close();
    h = await Harness.start({}, h.dataDir);
    expect(h.sandbox.credentials).toEqual(before);
    const r = await h.call('GET', `${UPS}/access/entities?schema.name=_xdm.context.profile&entityId=user10@example.com&entityIdNS=email`);
    expect(r.status).toBe(200);
    const ds = await h.call('GET', `${CAT}/dataSets/${datasetId}`);
    expect(((ds.json as Obj)[datasetId] as Obj).lastBatchStatus).toBeDefined();
  });
});
