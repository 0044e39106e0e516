/**
 * Schema Registry tenant resources: data types, field groups (both paths), classes, schemas and
 * descriptors created, replaced, patched and deleted with the checks Adobe's guides document, and a
 * tenant field group carried end to end (issue 15): a Profile schema using it, a primary identity
 * descriptor, the union tag, a dataset, and a batch whose records carry the tenant fields.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeBatch, newBatch, profileByIdentity, putFile, jsonl, CAT, type Obj } from './batch-client';
import { compileRecordValidator, loadSchemaJson } from '../../src-main/core/xdm';
import { repoRoot } from './contract';
import { Harness } from './harness';

const SR = '/data/foundation/schemaregistry';
const FULL = { accept: 'application/vnd.adobe.xed-full+json; version=1' };
const enc = encodeURIComponent;

describe('Schema Registry tenant resources', () => {
  let h: Harness;
  let tenant: string;

  beforeAll(async () => {
    h = await Harness.start();
    tenant = `_${h.sandbox.tenantId}`;
  });
  afterAll(async () => {
    await h.close();
  });

  /** A field group for Profile with `fields` under the tenant namespace (the guides' request shape). */
  const fieldGroup = (title: string, fields: Obj, intended: unknown = ['https://ns.adobe.com/xdm/context/profile']): Obj => ({
    title,
    description: 'Test field group',
    type: 'object',
    'meta:intendedToExtend': intended,
    definitions: { loyalty: { properties: { [tenant]: { type: 'object', properties: fields } } } },
    allOf: [{ $ref: '#/definitions/loyalty' }],
  });

  it('stamps registry metadata with both date names the guides write and the XDM release of assets/xdm', async () => {
    const source = JSON.parse(readFileSync(path.join(repoRoot, 'assets/xdm/source.json'), 'utf8')) as { tag: string };
    const created = await h.call('POST', `${SR}/tenant/datatypes`, {
      body: {
        title: 'Metadata probe',
        type: 'object',
        definitions: { probe: { properties: { note: { type: 'string' } } } },
        allOf: [{ $ref: '#/definitions/probe' }],
      },
    });
    const meta = (created.json as Obj)['meta:registryMetadata'] as Obj;
    // Create and patch answers write repo:createDate, lookups repo:createdDate: the same instant.
    expect(meta['repo:createDate']).toBe(meta['repo:createdDate']);
    expect(typeof meta['repo:createDate']).toBe('number');
    expect(meta['meta:globalLibVersion']).toBe(source.tag);
    const looked = await h.call('GET', `${SR}/tenant/datatypes/${enc(String((created.json as Obj).$id))}`, {
      headers: { accept: 'application/vnd.adobe.xed+json; version=1' },
    });
    expect((looked.json as Obj)['meta:registryMetadata']).toMatchObject({ 'repo:createdDate': meta['repo:createdDate'], 'meta:globalLibVersion': source.tag });
  });

  it('creates a data type and a field group that uses it, and resolves both in a Profile schema', async () => {
    const dt = await h.call('POST', `${SR}/tenant/datatypes`, {
      body: {
        title: 'Tier history',
        type: 'object',
        definitions: { tier: { properties: { tierName: { type: 'string', enum: ['gold', 'silver'] }, since: { type: 'string', format: 'date' } } } },
        allOf: [{ $ref: '#/definitions/tier' }],
      },
    });
    expect(dt.status).toBe(201);
    const dtDoc = dt.json as Obj;
    expect(dtDoc).toMatchObject({ 'meta:resourceType': 'datatypes', 'meta:containerId': 'tenant', version: '1.0' });
    expect(String(dtDoc.$id)).toMatch(new RegExp(`^https://ns.adobe.com/${h.sandbox.tenantId}/datatypes/`));

    const fg = await h.call('POST', `${SR}/tenant/fieldgroups`, {
      body: fieldGroup('Loyalty extras', {
        memberId: { type: 'string' },
        points: { type: 'integer', minimum: 0, maximum: 1000000 },
        tier: { $ref: String(dtDoc.$id) },
      }),
    });
    expect(fg.status).toBe(201);
    const fgDoc = fg.json as Obj;
    expect(fgDoc).toMatchObject({ 'meta:resourceType': 'mixins', 'meta:altId': expect.stringMatching(/\.mixins\./) });

    // Both paths serve field groups.
    const viaMixins = await h.call('GET', `${SR}/tenant/mixins/${enc(String(fgDoc.$id))}`, { headers: FULL });
    expect(viaMixins.status).toBe(200);
    const fgProps = ((viaMixins.json as Obj).properties as Obj)[tenant] as Obj;
    expect(Object.keys(fgProps.properties as Obj)).toEqual(['memberId', 'points', 'tier']);

    const schema = await h.call('POST', `${SR}/tenant/schemas`, {
      body: {
        title: 'Loyal customers',
        allOf: [
          { $ref: 'https://ns.adobe.com/xdm/context/profile' },
          { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
          { $ref: String(fgDoc.$id) },
        ],
      },
    });
    expect(schema.status).toBe(201);
    const schemaId = String((schema.json as Obj).$id);
    expect((schema.json as Obj)['meta:extends']).toContain(fgDoc.$id);
    const full = await h.call('GET', `${SR}/tenant/schemas/${enc(schemaId)}`, { headers: FULL });
    const tenantField = ((full.json as Obj).properties as Obj)[tenant] as Obj;
    const tier = (tenantField.properties as Obj).tier as Obj;
    expect(tier['meta:referencedFrom']).toBe(dtDoc.$id);
    expect(((tier.properties as Obj).tierName as Obj).enum).toEqual(['gold', 'silver']);

    // A data type or field group in use cannot be deleted; the schema first, then the rest.
    const refusedDt = await h.call('DELETE', `${SR}/tenant/datatypes/${enc(String(dtDoc.$id))}`);
    expect(refusedDt.status).toBe(400);
    expect(refusedDt.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1016-400' });
    expect((await h.call('DELETE', `${SR}/tenant/fieldgroups/${enc(String(fgDoc['meta:altId']))}`)).status).toBe(400);
    expect((await h.call('DELETE', `${SR}/tenant/schemas/${enc(schemaId)}`)).status).toBe(204);
    expect((await h.call('DELETE', `${SR}/tenant/mixins/${enc(String(fgDoc.$id))}`)).status).toBe(204);
    expect((await h.call('DELETE', `${SR}/tenant/datatypes/${enc(String(dtDoc.$id))}`)).status).toBe(204);
    expect((await h.call('GET', `${SR}/tenant/datatypes/${enc(String(dtDoc.$id))}`, { headers: FULL })).status).toBe(404);
  });

  it('refuses what AEP refuses: fields outside the tenant namespace, no intendedToExtend, unresolvable $refs, duplicate titles', async () => {
    const outside = await h.call('POST', `${SR}/tenant/fieldgroups`, {
      body: { ...fieldGroup('Outside', {}), definitions: { x: { properties: { loose: { type: 'string' } } } }, allOf: [{ $ref: '#/definitions/x' }] },
    });
    expect(outside.status).toBe(400);
    expect((outside.json as Obj).detail).toMatch(new RegExp(`under the tenant namespace ${tenant}`));
    const noIntent = await h.call('POST', `${SR}/tenant/fieldgroups`, { body: fieldGroup('No intent', { a: { type: 'string' } }, null) });
    expect(noIntent.status).toBe(400);
    expect((noIntent.json as Obj).detail).toMatch(/meta:intendedToExtend/);
    const unknownClass = await h.call('POST', `${SR}/tenant/fieldgroups`, {
      body: fieldGroup('Unknown class', { a: { type: 'string' } }, ['https://ns.adobe.com/nope/classes/x']),
    });
    expect(unknownClass.status).toBe(400);
    const badRef = await h.call('POST', `${SR}/tenant/fieldgroups`, { body: fieldGroup('Bad ref', { a: { $ref: 'https://ns.adobe.com/nope/datatypes/x' } }) });
    expect(badRef.status).toBe(400);
    expect((badRef.json as Obj).type).toBe('http://ns.adobe.com/aep/errors/XDM-1010-400');

    // The client trial's schema: a `$ref` of null was stored and broke every later read.
    for (const ref of [null, 'null', '#/definitions/missing']) {
      const r = await h.call('POST', `${SR}/tenant/schemas`, {
        body: { title: `Null ref ${String(ref)}`, allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: ref }] },
      });
      expect(r.status).toBe(400);
      expect((r.json as Obj).detail).toMatch(/Unresolvable \$ref/);
    }
    const listed = await h.call('GET', `${SR}/tenant/schemas`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    expect(((listed.json as Obj).results as Obj[]).map((s) => s.title)).not.toContain('Null ref null');

    const first = await h.call('POST', `${SR}/tenant/datatypes`, { body: { title: 'Twice', type: 'object', properties: { a: { type: 'string' } } } });
    expect(first.status).toBe(201);
    const again = await h.call('POST', `${SR}/tenant/datatypes`, { body: { title: 'Twice', type: 'object', properties: { a: { type: 'string' } } } });
    expect(again.status).toBe(400);
    expect((again.json as Obj).detail).toMatch(/Title must be unique/);
  });

  it('replaces (PUT) and patches field groups, data types and schemas, refusing an unresolvable $ref on PUT', async () => {
    const fg = (await h.call('POST', `${SR}/tenant/fieldgroups`, { body: fieldGroup('Editable', { a: { type: 'string' } }) })).json as Obj;
    const put = await h.call('PUT', `${SR}/tenant/fieldgroups/${enc(String(fg.$id))}`, {
      body: fieldGroup('Editable', { a: { type: 'string' }, b: { type: 'boolean' } }),
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ $id: fg.$id, version: '1.1' });
    const patched = await h.call('PATCH', `${SR}/tenant/mixins/${enc(String(fg['meta:altId']))}`, {
      body: [{ op: 'replace', path: '/description', value: 'Changed' }],
    });
    expect(patched.json).toMatchObject({ description: 'Changed', version: '1.2' });
    const badPatch = await h.call('PATCH', `${SR}/tenant/fieldgroups/${enc(String(fg.$id))}`, {
      body: [{ op: 'add', path: '/allOf/-', value: { $ref: 'https://ns.adobe.com/nope' } }],
    });
    expect(badPatch.status).toBe(400);

    const schema = (
      await h.call('POST', `${SR}/tenant/schemas`, { body: { title: 'Replaceable', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] } })
    ).json as Obj;
    const replaced = await h.call('PUT', `${SR}/tenant/schemas/${enc(String(schema.$id))}`, {
      body: { title: 'Replaceable', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: String(fg.$id) }] },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ version: '1.1', 'meta:class': 'https://ns.adobe.com/xdm/context/profile' });
    const nullPut = await h.call('PUT', `${SR}/tenant/schemas/${enc(String(schema.$id))}`, {
      body: { title: 'Replaceable', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: null }] },
    });
    expect(nullPut.status).toBe(400);
    const incompatible = await h.call('POST', `${SR}/tenant/schemas`, {
      body: { title: 'Wrong class', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/experienceevent' }, { $ref: String(fg.$id) }] },
    });
    expect(incompatible.status).toBe(400);
    expect((incompatible.json as Obj).detail).toMatch(/not compatible/);
  });

  it('creates a class on a behaviour, a field group intended for it, and a schema of that class', async () => {
    const noBehaviour = await h.call('POST', `${SR}/tenant/classes`, { body: { title: 'Loose', type: 'object', allOf: [] } });
    expect(noBehaviour.status).toBe(400);
    const cls = await h.call('POST', `${SR}/tenant/classes`, {
      body: {
        title: 'Property',
        description: 'Properties owned and operated by the company.',
        type: 'object',
        definitions: { property: { properties: { [tenant]: { type: 'object', properties: { propertyId: { type: 'string' } } } }, type: 'object' } },
        allOf: [{ $ref: 'https://ns.adobe.com/xdm/data/record' }, { $ref: '#/definitions/property' }],
      },
    });
    expect(cls.status).toBe(201);
    const clsDoc = cls.json as Obj;
    expect(clsDoc).toMatchObject({
      'meta:resourceType': 'classes',
      'meta:abstract': true,
      'meta:extensible': true,
      'meta:extends': ['https://ns.adobe.com/xdm/data/record'],
    });
    const fg = (
      await h.call('POST', `${SR}/tenant/fieldgroups`, { body: fieldGroup('Property extras', { floors: { type: 'integer' } }, [String(clsDoc.$id)]) })
    ).json as Obj;
    const schema = await h.call('POST', `${SR}/tenant/schemas`, {
      body: { title: 'Properties', allOf: [{ $ref: String(clsDoc.$id) }, { $ref: String(fg.$id) }] },
    });
    expect(schema.status).toBe(201);
    const full = await h.call('GET', `${SR}/tenant/schemas/${enc(String((schema.json as Obj).$id))}`, { headers: FULL });
    const props = (((full.json as Obj).properties as Obj)[tenant] as Obj).properties as Obj;
    expect(Object.keys(props).sort()).toEqual(['floors', 'propertyId']);
    expect((full.json as Obj).properties).toHaveProperty('_id');
    expect((await h.call('DELETE', `${SR}/tenant/classes/${enc(String(clsDoc['meta:altId']))}`)).status).toBe(400);
    const classes = await h.call('GET', `${SR}/tenant/classes`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    expect(((classes.json as Obj).results as Obj[]).map((c) => c.title)).toContain('Property');
  });

  it('checks descriptors: the source schema and property exist, one primary identity per schema; PUT and DELETE', async () => {
    const schema = (
      await h.call('POST', `${SR}/tenant/schemas`, {
        body: {
          title: 'Described',
          allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' }],
        },
      })
    ).json as Obj;
    const identity = (prop: string, primary: boolean, source = String(schema.$id)): Obj => ({
      '@type': 'xdm:descriptorIdentity',
      'xdm:sourceSchema': source,
      'xdm:sourceVersion': 1,
      'xdm:sourceProperty': prop,
      'xdm:namespace': 'Email',
      'xdm:property': 'xdm:code',
      'xdm:isPrimary': primary,
    });
    expect(
      (await h.call('POST', `${SR}/tenant/descriptors`, { body: identity('/personalEmail/address', true, 'https://ns.adobe.com/nope/schemas/x') })).status,
    ).toBe(400);
    expect((await h.call('POST', `${SR}/tenant/descriptors`, { body: identity('/noSuch/field', true) })).status).toBe(400);
    const primary = await h.call('POST', `${SR}/tenant/descriptors`, { body: identity('/personalEmail/address', true) });
    expect(primary.status).toBe(201);
    const second = await h.call('POST', `${SR}/tenant/descriptors`, { body: identity('/mobilePhone/number', true) });
    expect(second.status).toBe(400);
    expect((second.json as Obj).detail).toMatch(/only one primary identity/);
    const id = String((primary.json as Obj)['@id']);
    const put = await h.call('PUT', `${SR}/tenant/descriptors/${id}`, { body: { ...identity('/mobilePhone/number', true), 'xdm:namespace': 'Phone' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ '@id': id, 'xdm:namespace': 'Phone', 'xdm:sourceProperty': '/mobilePhone/number' });
    const got = await h.call('GET', `${SR}/tenant/descriptors/${id}`);
    expect(got.json).toMatchObject({ 'xdm:namespace': 'Phone' });
    expect((await h.call('DELETE', `${SR}/tenant/descriptors/${id}`)).status).toBe(204);
    expect((await h.call('GET', `${SR}/tenant/descriptors/${id}`)).status).toBe(404);
  });

  it('refuses the union tag, in AEP’s words, to a schema with neither a primary identity descriptor nor an identityMap; a secondary identity is not enough', async () => {
    const fg = (await h.call('POST', `${SR}/tenant/fieldgroups`, { body: fieldGroup('Union probe columns', { memberId: { type: 'string' } }) })).json as Obj;
    const schema = (
      await h.call('POST', `${SR}/tenant/schemas`, {
        body: { title: 'Union probe', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: String(fg.$id) }] },
      })
    ).json as Obj;
    const schemaId = String(schema.$id);
    const tag = [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }];
    const refusal = {
      type: 'http://ns.adobe.com/aep/errors/XDM-1528-400',
      title: 'Union descriptor validation error',
      status: 400,
      report: {
        'detailed-message': 'To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.',
        'sub-errors': [],
      },
      detail: 'To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.',
    };
    const bare = await h.call('PATCH', `${SR}/tenant/schemas/${enc(schemaId)}`, { body: tag });
    expect(bare.status).toBe(400);
    expect(bare.json).toMatchObject(refusal);
    const descriptor = (primary: boolean) => ({
      '@type': 'xdm:descriptorIdentity',
      'xdm:sourceSchema': schemaId,
      'xdm:sourceVersion': 1,
      'xdm:sourceProperty': `/${tenant}/memberId`,
      'xdm:namespace': 'CRMID',
      'xdm:property': 'xdm:code',
      'xdm:isPrimary': primary,
    });
    const secondary = await h.call('POST', `${SR}/tenant/descriptors`, { body: descriptor(false) });
    expect(secondary.status).toBe(201);
    const stillBare = await h.call('PATCH', `${SR}/tenant/schemas/${enc(schemaId)}`, { body: tag });
    expect(stillBare.json).toMatchObject(refusal);
    // Created with the tag in its body: refused the same way.
    const atCreation = await h.call('POST', `${SR}/tenant/schemas`, {
      body: { title: 'Union probe at creation', 'meta:immutableTags': ['union'], allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] },
    });
    expect(atCreation.status).toBe(400);
    expect(atCreation.json).toMatchObject(refusal);
    expect(
      (await h.call('GET', `${SR}/tenant/schemas/${enc(schemaId)}`, { headers: { accept: 'application/vnd.adobe.xed+json; version=1' } })).json,
    ).not.toHaveProperty('meta:immutableTags');

    // The documented ways in: a primary identity descriptor, or the Identity Map field group.
    await h.call('PUT', `${SR}/tenant/descriptors/${String((secondary.json as Obj)['@id'])}`, { body: descriptor(true) });
    expect((await h.call('PATCH', `${SR}/tenant/schemas/${enc(schemaId)}`, { body: tag })).status).toBe(200);
    const withMap = await h.call('POST', `${SR}/tenant/schemas`, {
      body: {
        title: 'Union probe with identityMap',
        'meta:immutableTags': ['union'],
        allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: 'https://ns.adobe.com/xdm/context/identitymap' }],
      },
    });
    expect(withMap.status).toBe(201);
  });

  it('carries a tenant field group end to end: Profile schema, primary identity, union, dataset, batch with tenant fields', async () => {
    const fg = (
      await h.call('POST', `${SR}/tenant/fieldgroups`, {
        body: fieldGroup('Imported columns', { crmId: { type: 'string' }, visits: { type: 'integer', minimum: 0, maximum: 100000 } }),
      })
    ).json as Obj;
    const schema = (
      await h.call('POST', `${SR}/tenant/schemas`, {
        body: { title: 'Imported customers', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }, { $ref: String(fg.$id) }] },
      })
    ).json as Obj;
    const schemaId = String(schema.$id);
    const desc = await h.call('POST', `${SR}/tenant/descriptors`, {
      body: {
        '@type': 'xdm:descriptorIdentity',
        'xdm:sourceSchema': schemaId,
        'xdm:sourceVersion': 1,
        'xdm:sourceProperty': `/${tenant}/crmId`,
        'xdm:namespace': 'Email',
        'xdm:property': 'xdm:code',
        'xdm:isPrimary': true,
      },
    });
    expect(desc.status).toBe(201);
    const union = await h.call('PATCH', `${SR}/tenant/schemas/${enc(schemaId)}`, { body: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }] });
    expect(union.status).toBe(200);
    const withDesc = await h.call('GET', `${SR}/tenant/schemas/${enc(schemaId)}`, {
      headers: { accept: 'application/vnd.adobe.xed-full-desc+json; version=1' },
    });
    expect(((withDesc.json as Obj)['meta:descriptors'] as Obj[]).map((d) => d['xdm:sourceProperty'])).toEqual([`/${tenant}/crmId`]);
    // The app's own prepare step reads that answer: it sees the tenant fields and the primary identity on one of them.
    const loaded = loadSchemaJson(withDesc.json);
    expect(loaded.descriptors).toMatchObject([{ path: `${tenant}.crmId`, namespace: 'Email', primary: true }]);
    const prepare = compileRecordValidator(loaded.schema, { descriptors: loaded.descriptors });
    expect(prepare.validate({ _id: 'p1', [tenant]: { crmId: 'p@example.com', visits: 2 } }).accepted).toBe(true);
    expect(prepare.validate({ _id: 'p2', [tenant]: { crmId: 'p@example.com', visits: -1 } }).accepted).toBe(false);

    const ds = await h.call('POST', `${CAT}/dataSets`, {
      body: { name: 'Imported customers', schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
    });
    const datasetId = ((ds.json as string[])[0] ?? '').split('/').pop() ?? '';
    const tags = [
      { op: 'add', path: '/tags/unifiedProfile', value: ['enabled:true'] },
      { op: 'add', path: '/tags/unifiedIdentity', value: ['enabled:true'] },
    ];
    expect(
      (await h.call('PATCH', `${CAT}/dataSets/${datasetId}`, { raw: JSON.stringify(tags), headers: { 'content-type': 'application/json-patch+json' } })).status,
    ).toBe(200);
    const batch = await newBatch(h, datasetId);
    const good = { _id: 'r1', [tenant]: { crmId: 'one@example.com', visits: 3 } };
    const bad = { _id: 'r2', [tenant]: { crmId: 'two@example.com', visits: 'many' } };
    expect((await putFile(h, batch, 'rows.json', jsonl([good, bad]))).status).toBe(200);
    const done = await completeBatch(h, { ...batch });
    // The record validator sees the tenant fields: a bad value in one fails the batch, the good row alone passes,
    // and the identity descriptor on the tenant field puts the profile in Profile.
    expect(done.status).toBe('failed');
    const batch2 = await newBatch(h, datasetId);
    await putFile(h, batch2, 'rows.json', jsonl([good]));
    expect((await completeBatch(h, batch2)).status).toBe('success');
    const profile = await profileByIdentity(h, 'one@example.com', 'Email');
    expect(profile?.[tenant]).toEqual({ crmId: 'one@example.com', visits: 3 });
  });
});
