/**
 * Schema Registry `Accept` headers and list query parameters, each in its documented shape
 * (getting-started and descriptors guides, the appendix's query parameters, the spec's `accept*`
 * parameters and error examples), plus unions and sample data. Every answer is contract-checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness';

type Obj = Record<string, unknown>;
const SR = '/data/foundation/schemaregistry';
const enc = encodeURIComponent;

function hasKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKeyDeep(v, key));
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKeyDeep(v, key));
}

describe('Schema Registry Accept headers and query parameters', () => {
  let h: Harness;
  let schemaId = '';

  beforeAll(async () => {
    h = await Harness.start();
    const list = await h.call('GET', `${SR}/tenant/schemas?property=title==XDM Loader Customers`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } });
    schemaId = String(((list.json as Obj).results as Obj[])[0]?.$id);
  });
  afterAll(async () => {
    await h.close();
  });

  const lookup = (accept: string, id = schemaId) => h.call('GET', `${SR}/tenant/schemas/${enc(id)}`, { headers: { accept } });

  it('serves every documented lookup variant, in xed or xdm spelling, with a major or full version', async () => {
    for (const family of ['xed', 'xdm']) {
      const raw = (await lookup(`application/vnd.adobe.${family}+json; version=1`)).json as Obj;
      expect(raw.allOf).toBeDefined();
      expect(raw.title).toBe('XDM Loader Customers');

      const full = (await lookup(`application/vnd.adobe.${family}-full+json;version=1`)).json as Obj;
      expect(full.allOf).toBeUndefined();
      expect((full.properties as Obj).personalEmail).toBeDefined();
      expect(full['meta:descriptors']).toBeUndefined();

      const notext = (await lookup(`application/vnd.adobe.${family}-notext+json; version=1`)).json as Obj;
      expect(notext.allOf).toBeDefined();
      expect(hasKeyDeep(notext, 'title') || hasKeyDeep(notext, 'description')).toBe(false);

      const fullNotext = (await lookup(`application/vnd.adobe.${family}-full-notext+json; version=1`)).json as Obj;
      expect((fullNotext.properties as Obj).personalEmail).toBeDefined();
      expect(hasKeyDeep(fullNotext, 'title')).toBe(false);

      const desc = (await lookup(`application/vnd.adobe.${family}-full-desc+json; version=1`)).json as Obj;
      const descriptors = desc['meta:descriptors'] as Obj[];
      expect(descriptors.map((d) => [d['@type'], d['xdm:sourceProperty'], d['xdm:isPrimary']])).toEqual([
        ['xdm:descriptorIdentity', '/personalEmail/address', true],
      ]);
      expect((desc.properties as Obj).personalEmail).toBeDefined();
    }
    const flat = (await lookup('application/vnd.adobe.xdm-full-flat+json; version=1')).json as Obj;
    const paths = Object.keys(flat.properties as Obj);
    expect(paths).toContain('personalEmail/address');
    expect(paths).toContain('person/name/firstName');
    expect(((flat.properties as Obj)['personalEmail/address'] as Obj)['meta:xdmType']).toBe('string');

    const version = String(((await lookup('application/vnd.adobe.xed+json; version=1')).json as Obj).version);
    expect((await lookup(`application/vnd.adobe.xed-full+json; version=${version}`)).status).toBe(200);
  });

  it('answers the documented errors: no version 400 XDM-1007, unknown type 400 XDM-1006, unknown version 406', async () => {
    const noVersion = await lookup('application/vnd.adobe.xed-full+json');
    expect(noVersion.status).toBe(400);
    expect(noVersion.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1007-400', title: 'Accept header invalid' });
    expect(String((noVersion.json as Obj).detail)).toMatch(/Version should be specified/);
    for (const bad of ['application/json', 'application/vnd.adobe.xed-bogus+json; version=1', '']) {
      const r = await lookup(bad);
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1006-400' });
    }
    expect((await lookup('application/vnd.adobe.xed+json; version=9')).status).toBe(406);
  });

  it('lists in the xed-id, xed and xed-link forms and refuses a versioned or unknown list Accept', async () => {
    const ids = (await h.call('GET', `${SR}/global/classes`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } })).json as Obj;
    const first = (ids.results as Obj[])[0] as Obj;
    expect(Object.keys(first).sort()).toEqual(['$id', 'meta:altId', 'title', 'version']);
    const full = (await h.call('GET', `${SR}/global/classes`, { headers: { accept: 'application/vnd.adobe.xed+json' } })).json as Obj;
    expect(((full.results as Obj[])[0] as Obj).allOf).toBeDefined();
    const links = (await h.call('GET', `${SR}/global/classes`, { headers: { accept: 'application/vnd.adobe.xed-link+json' } })).json as Obj;
    expect(String((((links.results as Obj[])[0] as Obj)._links as Obj & { self: Obj }).self.href)).toContain('/global/classes/');
    for (const bad of ['application/vnd.adobe.xed-id+json; version=1', 'application/vnd.adobe.xed-full+json', 'text/plain']) {
      const r = await h.call('GET', `${SR}/tenant/schemas`, { headers: { accept: bad } });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1006-400' });
    }
  });

  it('lists descriptors keyed by @type (xdm, xdm-id, xdm-link) and as results + _page (xdm-v2, -v2-id, -v2-link)', async () => {
    const get = (accept: string, query = '') => h.call('GET', `${SR}/tenant/descriptors${query}`, { headers: { accept } });
    const v1 = (await get('application/vnd.adobe.xdm+json')).json as Obj;
    const identity = (v1['xdm:descriptorIdentity'] as Obj[])[0] as Obj;
    expect(identity['xdm:sourceSchema']).toBe(schemaId);
    const id = String(identity['@id']);
    expect((await get('application/vnd.adobe.xdm-id+json')).json).toEqual({ 'xdm:descriptorIdentity': [id] });
    expect((await get('application/vnd.adobe.xdm-link+json')).json).toEqual({ 'xdm:descriptorIdentity': [`/tenant/descriptors/${id}`] });

    const v2 = (await get('application/vnd.adobe.xdm-v2+json')).json as Obj;
    expect(v2._page).toMatchObject({ next: null, count: 1 });
    expect((v2.results as Obj[])[0]).toMatchObject({ '@id': id });
    const v2ids = (await get('application/vnd.adobe.xdm-v2-id+json', '?property=@type==xdm:descriptorIdentity')).json as Obj;
    expect(v2ids.results).toEqual([id]);
    expect((await get('application/vnd.adobe.xdm-v2-id+json', '?property=@type==xdm:alternateDisplayInfo')).json).toMatchObject({ results: [] });
    expect(((await get('application/vnd.adobe.xdm-v2-link+json')).json as Obj).results).toEqual([`/tenant/descriptors/${id}`]);

    const wrong = await get('application/vnd.adobe.xed+json');
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1008-400' });
    // A lookup needs no Accept; a resource (`xed`) one is refused with XDM-1009.
    expect((await h.call('GET', `${SR}/tenant/descriptors/${id}`)).status).toBe(200);
    expect((await h.call('GET', `${SR}/tenant/descriptors/${id}`, { headers: { accept: 'application/vnd.adobe.xdm+json' } })).status).toBe(200);
    const xed = await h.call('GET', `${SR}/tenant/descriptors/${id}`, { headers: { accept: 'application/vnd.adobe.xed+json;version=1' } });
    expect(xed.status).toBe(400);
    expect(xed.json).toMatchObject({ type: 'http://ns.adobe.com/aep/errors/XDM-1009-400' });
  });

  it('pages with orderby, limit and start, filters with property (repeated too), and refuses a bad limit', async () => {
    for (const title of ['Paging A', 'Paging B', 'Paging C']) {
      expect((await h.call('POST', `${SR}/tenant/schemas`, { body: { title, allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] } })).status).toBe(
        201,
      );
    }
    const accept = { accept: 'application/vnd.adobe.xed-id+json' };
    const seen: string[] = [];
    let query = '?orderby=-title&limit=1&property=meta:class==https://ns.adobe.com/xdm/context/profile&property=title!=XDM Loader Customers';
    for (let i = 0; i < 5; i += 1) {
      const r = (await h.call('GET', `${SR}/tenant/schemas${query}`, { headers: accept })).json as Obj;
      const page = r._page as Obj;
      seen.push(...(r.results as Obj[]).map((s) => String(s.title)));
      expect(page.orderby).toBe('-title');
      if (page.next === null) break;
      expect(((r._links as Obj).next as Obj).href).toContain(`start=${enc(String(page.next))}`);
      query = `?orderby=-title&limit=1&start=${enc(String(page.next))}&property=meta:class==https://ns.adobe.com/xdm/context/profile&property=title!=XDM Loader Customers`;
    }
    expect(seen).toEqual(['Paging C', 'Paging B', 'Paging A']);
    // `start` without `orderby` pages by title, as clients send it.
    const after = (await h.call('GET', `${SR}/tenant/schemas?start=Paging A&property=title>=Paging&property=title<Paging Z`, { headers: accept })).json as Obj;
    expect((after.results as Obj[]).map((s) => s.title)).toEqual(['Paging B', 'Paging C']);
    const exists = (
      await h.call('GET', `${SR}/global/fieldgroups?property=meta:intendedToExtend==https://ns.adobe.com/xdm/context/experienceevent`, { headers: accept })
    ).json as Obj;
    expect((exists.results as Obj[]).length).toBeGreaterThan(0);
    const bad = await h.call('GET', `${SR}/tenant/schemas?orderby=title&limit=501`, { headers: accept });
    expect(bad.status).toBe(400);
  });

  it('lists and looks up the union of a class, and generates sample data for a schema', async () => {
    const unions = (await h.call('GET', `${SR}/tenant/unions`, { headers: { accept: 'application/vnd.adobe.xed-id+json' } })).json as Obj;
    const ids = (unions.results as Obj[]).map((u) => u['meta:altId']);
    expect(ids).toContain('_xdm.context.profile__union');
    const union = await h.call('GET', `${SR}/tenant/unions/_xdm.context.profile__union`, {
      headers: { accept: 'application/vnd.adobe.xed-full+json; version=1' },
    });
    expect(union.status).toBe(200);
    expect(((union.json as Obj).properties as Obj).personalEmail).toBeDefined();

    const sample = await h.call('GET', `${SR}/rpc/sampledata/${enc(schemaId)}`, { headers: { accept: 'application/vnd.adobe.xed+json; version=1' } });
    expect(sample.status).toBe(200);
    const record = sample.json as Obj;
    expect(typeof (record.personalEmail as Obj).address).toBe('string');
    expect(typeof record._id).toBe('string');
  });
});
