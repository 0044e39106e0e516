/**
 * What every service family does alike, table-driven: a trailing slash answers like the bare path
 * (contract-checked where the spec has the operation); an unknown path is a 404, a known path with
 * another method a 405, bad JSON a 400, a wrong media type a 415 and an oversize body a 413, each
 * in the family's own error shape with no framework code or wording; and a request without
 * `x-sandbox-name` lands in the production sandbox, whatever the spelling of header names.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAT, EXP, IMP, seededDataset, UPS, type Obj } from './batch-client';
import { checkContract } from './contract';
import { Harness } from './harness';

type Shape = 'admin' | 'ims' | 'registry' | 'catalog' | 'identity' | 'identity-graph' | 'profile' | 'streaming';

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** The answer is the same on every call (no ids or times), so bodies must be equal. */
  stable: boolean;
  /** The operation is in Adobe's specs: contract-check both answers. */
  contract: boolean;
}

interface FamilyCase {
  name: string;
  prefix: string;
  shape: Shape;
  /** A call whose trailing-slash twin must answer alike; its path also takes no DELETE (405). */
  probe: (ctx: Setup) => Probe;
  /** A route that reads a JSON body. */
  jsonRoute: (ctx: Setup) => { method: string; path: string };
  bodyLimit: number;
  gateway: boolean;
  /** The status of a body of a media type the route does not read (415 unless said). */
  wrongMediaStatus?: number;
}

interface Setup {
  datasetId: string;
  batchId: string;
  credentials: { clientId: string; clientSecret: string };
}

const MB = 1024 * 1024;
const XED_ID = { accept: 'application/vnd.adobe.xed-id+json' };

const FAMILIES: FamilyCase[] = [
  {
    name: 'admin',
    prefix: '/_sandbox',
    shape: 'admin',
    probe: () => ({ method: 'GET', path: '/health', stable: true, contract: false }),
    jsonRoute: () => ({ method: 'PUT', path: '/faults' }),
    bodyLimit: 32 * MB,
    gateway: false,
  },
  {
    name: 'IMS',
    prefix: '/ims',
    shape: 'ims',
    probe: (s) => ({
      method: 'POST',
      path: '/token/v3',
      form: { grant_type: 'client_credentials', client_id: s.credentials.clientId, client_secret: s.credentials.clientSecret, scope: 'openid' },
      stable: false,
      contract: false,
    }),
    jsonRoute: () => ({ method: 'POST', path: '/token/v3' }),
    bodyLimit: 32 * MB,
    gateway: false,
  },
  {
    name: 'Schema Registry',
    prefix: '/data/foundation/schemaregistry',
    shape: 'registry',
    probe: () => ({ method: 'GET', path: '/tenant/schemas', headers: XED_ID, stable: true, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/tenant/schemas' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Catalog',
    prefix: CAT,
    shape: 'catalog',
    probe: () => ({ method: 'GET', path: '/dataSets', stable: true, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/dataSets' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Batch Ingestion',
    prefix: IMP,
    shape: 'catalog',
    probe: (s) => ({ method: 'POST', path: '/batches', body: { datasetId: s.datasetId, inputFormat: { format: 'json' } }, stable: false, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/batches' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Data Access',
    prefix: '/data/foundation/export',
    shape: 'catalog',
    probe: (s) => ({ method: 'GET', path: `/batches/${s.batchId}/files`, stable: true, contract: true }),
    // Data Access reads only: a JSON body sent to one of its paths is still parsed, and refused alike;
    // a body no parser reads meets the 405 of the method first.
    jsonRoute: (s) => ({ method: 'POST', path: `/batches/${s.batchId}/files` }),
    bodyLimit: 32 * MB,
    gateway: true,
    wrongMediaStatus: 405,
  },
  {
    name: 'Identity',
    prefix: '/data/core/idnamespace',
    shape: 'identity',
    probe: () => ({ method: 'GET', path: '/identities', stable: true, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/identities' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Identity graph',
    prefix: '/data/core/identity',
    shape: 'identity-graph',
    probe: () => ({ method: 'POST', path: '/v2/graph', body: { xids: ['bm8tc3VjaDppZA'] }, stable: false, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/v2/graph' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Profile',
    prefix: '/data/core/ups',
    shape: 'profile',
    probe: () => ({ method: 'GET', path: '/config/mergePolicies', stable: true, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/access/entities' }),
    bodyLimit: 32 * MB,
    gateway: true,
  },
  {
    name: 'Streaming',
    prefix: '/collection',
    shape: 'streaming',
    probe: () => ({ method: 'POST', path: '/batch/inlet-1', body: { messages: [] }, stable: false, contract: true }),
    jsonRoute: () => ({ method: 'POST', path: '/inlet-1' }),
    bodyLimit: MB,
    gateway: false,
  },
];

/** Asserts the family's documented error shape (aep-notes §1.3) and the status it carries. */
function expectShape(shape: Shape, status: number, body: unknown): void {
  const b = body as Obj;
  switch (shape) {
    case 'admin':
      expect(b).toEqual({ error: expect.any(String), message: expect.any(String) });
      return;
    case 'ims':
      expect(b).toEqual({ error: expect.any(String), error_description: expect.any(String) });
      return;
    case 'registry':
    case 'catalog':
      expect(b).toMatchObject({
        type: expect.stringMatching(/^http:\/\/ns\.adobe\.com\/aep\/errors\//),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      });
      expect(b.report).toMatchObject({ 'detailed-message': b.detail, 'sub-errors': [] });
      if (shape === 'registry') expect(String(b.type)).toMatch(/\/XDM-\d{4}-\d{3}$/);
      return;
    case 'identity':
      expect(b).toMatchObject({
        type: 'http://ns.adobe.com/adobecloud/problem/namespacevalidation',
        status,
        title: expect.any(String),
        report: { code: expect.any(String), message: expect.any(String) },
      });
      return;
    case 'identity-graph':
      expect(b).toEqual({ title: expect.any(String), status, detail: expect.any(String) });
      return;
    case 'profile':
      expect(b).toEqual({ message: expect.any(String), cause: expect.any(String), statusCode: String(status) });
      return;
    case 'streaming':
      expect(b).toMatchObject({
        type: 'http://ns.adobe.com/adobecloud/problem/data-collection-service/inlet',
        status,
        title: expect.any(String),
        report: { message: expect.any(String) },
      });
      return;
  }
}

describe('Local sandbox service families', () => {
  let h: Harness;
  let setup: Setup;

  beforeAll(async () => {
    h = await Harness.start();
    const datasetId = await seededDataset(h, 'XDM Loader Customers');
    const batch = await h.call('POST', `${IMP}/batches`, { body: { datasetId, inputFormat: { format: 'json' } } });
    const c = h.sandbox.credentials;
    setup = { datasetId, batchId: String((batch.json as Obj).id), credentials: { clientId: c.clientId, clientSecret: c.clientSecret } };
  });
  afterAll(async () => {
    await h.close();
  });

  async function send(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> } = {},
  ): Promise<{ status: number; headers: Headers; text: string; json: unknown }> {
    const res = await fetch(`${h.sandbox.url}${url}`, { method, headers: { ...h.headers(), ...init.headers }, body: init.body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: parsed(text) };
  }

  /** The body as JSON; undefined when empty or not JSON. */
  function parsed(text: string): unknown {
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Sends the headers of a request whose body is `length` bytes, and none of the body: the answer
   * to a body over the limit, which the server gives from the declared length (as fetch declares
   * it for a Buffer) before reading any of it. Why not send the body: each family's limit is 32 MB,
   * and writing those through loopback cost more than the rest of this file.
   */
  function sendDeclaringLength(
    method: string,
    url: string,
    headers: Record<string, string>,
    length: number,
  ): Promise<{ status: number; text: string; json: unknown }> {
    const target = new URL(`${h.sandbox.url}${url}`);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          method,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          headers: { ...h.headers(), ...headers, 'content-length': String(length) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, text, json: parsed(text) });
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  function probeInit(p: Probe): { headers?: Record<string, string>; body?: string } {
    if (p.form) return { headers: { 'content-type': 'application/x-www-form-urlencoded', ...p.headers }, body: new URLSearchParams(p.form).toString() };
    if (p.body !== undefined) return { headers: { 'content-type': 'application/json', ...p.headers }, body: JSON.stringify(p.body) };
    return { headers: p.headers ?? {} };
  }

  /** A refusal in the family's shape, with nothing of the framework in it. */
  function expectRefusal(f: FamilyCase, r: { status: number; text: string; json: unknown }, status: number): void {
    expect(r.status, `${f.name}: ${r.text}`).toBe(status);
    expect(r.text).not.toMatch(/FST_|fastify/i);
    expectShape(f.shape, status, r.json);
  }

  describe.each(FAMILIES)('$name', (f) => {
    it('answers a path with a trailing slash like the bare path', async () => {
      const p = f.probe(setup);
      const bare = await send(p.method, `${f.prefix}${p.path}`, probeInit(p));
      const slashed = await send(p.method, `${f.prefix}${p.path}/`, probeInit(p));
      expect(bare.status, bare.text).toBeLessThan(300);
      expect(slashed.status, slashed.text).toBe(bare.status);
      if (p.stable) expect(slashed.json).toEqual(bare.json);
      else expect(Object.keys(slashed.json as Obj).sort()).toEqual(Object.keys(bare.json as Obj).sort());
      if (p.contract) {
        for (const r of [bare, slashed]) {
          const result = await checkContract(p.method, `${f.prefix}${p.path}`, r.status, r.json, r.text, r.headers.get('content-type') ?? '');
          expect(result.checked).toBe(true);
        }
      }
    });

    it('answers an unknown path with 404 in its shape', async () => {
      expectRefusal(f, await send('GET', `${f.prefix}/no-such-resource/at/all`), 404);
    });

    it('answers another method on a known path with 405 and Allow', async () => {
      const p = f.probe(setup);
      const r = await send('DELETE', `${f.prefix}${p.path}`);
      expectRefusal(f, r, 405);
      expect(r.headers.get('allow')).toContain(p.method);
    });

    it('answers bad JSON with 400 in its shape', async () => {
      const { method, path } = f.jsonRoute(setup);
      expectRefusal(f, await send(method, `${f.prefix}${path}`, { headers: { 'content-type': 'application/json' }, body: '{"name": ' }), 400);
    });

    it('answers a media type it does not take with 415 in its shape', async () => {
      const { method, path } = f.jsonRoute(setup);
      expectRefusal(f, await send(method, `${f.prefix}${path}`, { headers: { 'content-type': 'text/plain' }, body: 'hello' }), f.wrongMediaStatus ?? 415);
    });

    it('answers a body over its limit with 413 in its shape', async () => {
      const { method, path } = f.jsonRoute(setup);
      expectRefusal(f, await sendDeclaringLength(method, `${f.prefix}${path}`, { 'content-type': 'application/json' }, f.bodyLimit + 1), 413);
    });

    it.runIf(f.gateway)('serves a request without x-sandbox-name from the production sandbox', async () => {
      const p = f.probe(setup);
      if (!p.stable) return;
      const headers = { ...h.headers(), ...p.headers };
      delete headers['x-sandbox-name'];
      const res = await fetch(`${h.sandbox.url}${f.prefix}${p.path}`, { method: p.method, headers });
      const prod = await send(p.method, `${f.prefix}${p.path}`, probeInit(p));
      expect(res.status).toBe(prod.status);
      expect(await res.json()).toEqual(prod.json);
    });
  });

  it.each([
    {
      name: 'Identity',
      shape: 'identity' as const,
      method: 'POST',
      path: '/data/core/idnamespace/identities',
      body: { name: 'Loyalty', idType: 'CROSS_DEVICE' },
      says: /missing code/,
    },
    {
      name: 'Identity',
      shape: 'identity' as const,
      method: 'POST',
      path: '/data/core/idnamespace/identities',
      body: { name: 'Loyalty', code: 'not a code', idType: 'CROSS_DEVICE' },
      says: /request body code must be letters, digits and underscores/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      method: 'POST',
      path: '/data/core/ups/access/entities',
      body: { schema: { name: '_xdm.context.profile' }, identities: [] },
      says: /request body identities must be a list of at least one identity/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      method: 'POST',
      path: '/data/core/ups/access/entities',
      body: { schema: {}, identities: [{ entityId: 'a' }] },
      says: /missing schema\.name/,
    },
    { name: 'Streaming', shape: 'streaming' as const, method: 'POST', path: '/collection/batch/inlet-1', body: { message: [] }, says: /missing messages/ },
    {
      name: 'admin',
      shape: 'admin' as const,
      method: 'PATCH',
      path: '/_sandbox/faults',
      body: { tokenLifetimeSeconds: '60' },
      says: /tokenLifetimeSeconds must be number/,
    },
  ])('$name refuses a body its schema rejects with 400 naming the field: $says', async ({ shape, method, path, body, says }) => {
    const r = await send(method, path, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status, r.text).toBe(400);
    expect(r.text).not.toMatch(/FST_|fastify/i);
    expectShape(shape, 400, r.json);
    expect(r.text).toMatch(says);
  });

  const SR = '/data/foundation/schemaregistry';
  it.each([
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${CAT}/dataSets`,
      body: { schemaRef: { id: 'x' } },
      says: /request body is missing name/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${CAT}/dataSets`,
      body: { name: ' ', schemaRef: { id: 'x' } },
      says: /request body name must be a name that is not blank/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'PATCH',
      path: (s: Setup) => `${CAT}/v2/dataSets/${s.datasetId}`,
      body: { created: 1 },
      says: /request body created is not accepted/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'PUT',
      path: (s: Setup) => `${CAT}/batches/${s.batchId}`,
      body: 'done',
      says: /request body must be a batch object or a JSON Patch array/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: () => `${CAT}/batches?limit=0`,
      says: /query parameter limit must be an integer from 1 to 100/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: () => `${CAT}/dataSets?limit=5&limit=x`,
      says: /query parameter limit\.1 must be an integer from 1 to 100/,
    },
    {
      name: 'Catalog',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: () => `${CAT}/dataSetFiles?createdAfter=soon`,
      says: /query parameter createdAfter must be epoch milliseconds/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${IMP}/batches`,
      body: { inputFormat: { format: 'json' } },
      says: /request body is missing datasetId/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${IMP}/batches`,
      body: { datasetId: 'd', inputFormat: { format: 'xml' } },
      says: /request body inputFormat\.format must be one of json, parquet, csv/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${IMP}/batches`,
      body: { datasetId: 'd', inputFormat: { format: 'CSV', isMultiLineJson: true } },
      says: /^(?!.*then).*request body inputFormat\.format must be json when isMultiLineJson is true/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: () => `${IMP}/batches`,
      body: { datasetId: 'd', inputFormat: { format: 'json' }, partialIngestionPercent: 101 },
      says: /request body partialIngestionPercent must be a number from 0 to 100/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: (s: Setup) => `${IMP}/batches/${s.batchId}?action=finish`,
      says: /query parameter action must be one of COMPLETE, ABORT, REVERT, FAIL/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'POST',
      path: (s: Setup) => `${IMP}/batches/${s.batchId}/datasets/${s.datasetId}/files/a.json`,
      says: /query parameter is missing action/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: (s: Setup) => `${IMP}/batches/${s.batchId}/datasets/${s.datasetId}/preview?nrow=2`,
      says: /query parameter is missing format/,
    },
    {
      name: 'Batch Ingestion',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: (s: Setup) => `${IMP}/batches/${s.batchId}/datasets/${s.datasetId}/preview?format=JSON&nrow=-1`,
      says: /query parameter nrow must be an integer from 0/,
    },
    {
      name: 'Schema Registry',
      shape: 'registry' as const,
      code: 'XDM-1001-400',
      method: 'GET',
      path: () => `${SR}/tenant/schemas?limit=501`,
      says: /query parameter limit must be an integer from 0 to 500/,
    },
    {
      name: 'Schema Registry',
      shape: 'registry' as const,
      code: 'XDM-1001-400',
      method: 'PATCH',
      path: () => `${SR}/tenant/schemas/x`,
      body: { op: 'add' },
      says: /request body must be a JSON Patch array/,
    },
    {
      name: 'Schema Registry',
      shape: 'registry' as const,
      code: 'XDM-1001-400',
      method: 'POST',
      path: () => `${SR}/tenant/descriptors`,
      body: [],
      says: /request body must be a descriptor object/,
    },
  ])('$name refuses what its route schema rejects with 400 and its code, saying what is wanted: $says', async ({ shape, code, method, path, body, says }) => {
    const init = body === undefined ? { headers: XED_ID } : { headers: { ...XED_ID, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const r = await send(method, path(setup), init);
    expect(r.status, r.text).toBe(400);
    expect(r.text).not.toMatch(/FST_|fastify|must match pattern/i);
    expectShape(shape, 400, r.json);
    expect((r.json as Obj).type).toBe(`http://ns.adobe.com/aep/errors/${code}`);
    expect(String((r.json as Obj).detail)).toMatch(says);
  });

  /** The code a refusal carries in its family's shape. */
  function codeOf(shape: Shape, body: Obj): string {
    switch (shape) {
      case 'identity':
        return String((body.report as Obj).code);
      case 'identity-graph':
      case 'streaming':
        return String(body.title);
      case 'profile':
        return String(body.message).split(':')[0] ?? '';
      default:
        return String(body.type).split('/').pop() ?? '';
    }
  }

  /** Where a refusal says what was wrong. */
  function messageOf(shape: Shape, body: Obj): string {
    if (shape === 'identity' || shape === 'streaming') return String((body.report as Obj).message);
    if (shape === 'profile') return String(body.cause);
    return String(body.detail);
  }

  const IDN = '/data/core/idnamespace';
  const IDG = '/data/core/identity';
  const ENTITIES = `${UPS}/access/entities`;
  const PROFILE_LOOKUP = { schema: { name: '_xdm.context.profile' } };
  const ENVELOPE = { header: {}, body: { xdmEntity: {} } };
  it.each([
    {
      name: 'Identity',
      shape: 'identity' as const,
      code: 'INVALID_REQUEST_PARAMS',
      method: 'POST',
      path: () => `${IDN}/identities`,
      body: { name: 'Loyalty', code: 'Loyalty', idType: 'Gadget' },
      says: /request body idType must be one of COOKIE, CROSS_DEVICE, DEVICE/,
    },
    {
      name: 'Identity',
      shape: 'identity' as const,
      code: 'INVALID_REQUEST_PARAMS',
      method: 'POST',
      path: () => `${IDN}/identities`,
      body: { name: 'Loyalty', code: 'Loyalty' },
      says: /request body is missing idType/,
    },
    {
      name: 'Identity',
      shape: 'identity' as const,
      code: 'INVALID_REQUEST_PARAMS',
      method: 'GET',
      path: () => `${IDN}/identities/ecid`,
      says: /path parameter id must be a namespace id \(an integer\)/,
    },
    {
      name: 'Identity',
      shape: 'identity' as const,
      code: 'INVALID_REQUEST_PARAMS',
      method: 'PUT',
      path: () => `${IDN}/identities/4`,
      body: { name: 'ECID' },
      says: /request body is missing code; request body is missing idType/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'GET',
      path: () => `${IDG}/identity?id=a@b.c`,
      says: /^Invalid request: query parameter must be id with namespace or nsid$/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'GET',
      path: () => `${IDG}/identity?nsid=six&id=a@b.c`,
      says: /query parameter nsid must be a namespace id \(an integer\)/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'POST',
      path: () => `${IDG}/v2/graph`,
      body: { xids: ['a'], projection_type: 'tree' },
      says: /request body projection_type must be one of the projection types available: graph, set/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'POST',
      path: () => `${IDG}/v2/graph`,
      body: { composite_xids: [] },
      says: /request body composite_xids must be a list of 1 to 1000 identities/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'GET',
      path: () => `${IDG}/cluster/members?id=a@b.c`,
      says: /query parameter must be xid, or id with nsid or namespace/,
    },
    {
      name: 'Identity graph',
      shape: 'identity-graph' as const,
      code: 'InvalidInput',
      method: 'POST',
      path: () => `${IDG}/clusters/members`,
      body: { compositeXids: [{ id: 'a@b.c' }] },
      says: /request body is missing compositeXids\.0\.nsid/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'GET',
      path: () => `${ENTITIES}?schema.name=_xdm.context.profile&entityIdNS=email`,
      says: /query parameter is missing entityId/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'GET',
      path: () => `${ENTITIES}?schema.name=_xdm.context.experienceevent&relatedEntityId=a@b.c&relatedEntityIdNS=email&limit=0`,
      says: /query parameter limit must be an integer from 1/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'GET',
      path: () => `${ENTITIES}?schema.name=_xdm.context.experienceevent&relatedEntityId=a@b.c&startTime=yesterday&orderby=newest`,
      says: /startTime must be epoch milliseconds; query parameter orderby must be \+timestamp or -timestamp/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'POST',
      path: () => ENTITIES,
      body: { ...PROFILE_LOOKUP, identities: [{ entityIdNS: { code: 'email' } }] },
      says: /request body identities\.0 must be an identity with entityId or relatedEntityId/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'POST',
      path: () => ENTITIES,
      body: { ...PROFILE_LOOKUP, identities: [{ entityId: 'a@b.c', entityIdNS: 'email' }], limit: 'ten' },
      says: /request body limit must be an integer from 1/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'GET',
      path: () => `${UPS}/config/mergePolicies?default=yes`,
      says: /query parameter default must be true or false/,
    },
    {
      name: 'Profile',
      shape: 'profile' as const,
      code: 'UPS-VAL-1000001',
      method: 'POST',
      path: () => `${UPS}/config/mergePolicies/bulk-get`,
      body: { ids: ['x'] },
      says: /request body ids\.0 must be an object with id/,
    },
    {
      name: 'Streaming',
      shape: 'streaming' as const,
      code: 'Bad Request',
      method: 'POST',
      path: () => '/collection/inlet-1?syncValidation=maybe',
      body: ENVELOPE,
      says: /query parameter syncValidation must be true or false/,
    },
    {
      name: 'Streaming',
      shape: 'streaming' as const,
      code: 'Bad Request',
      method: 'POST',
      path: () => '/collection/batch/inlet-1',
      body: { messages: ENVELOPE },
      says: /request body messages must be a list of messages/,
    },
    {
      name: 'Data Access',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: (s: Setup) => `${EXP}/batches/${s.batchId}/files?limit=ten`,
      says: /query parameter limit must be an integer from 1/,
    },
    {
      name: 'Data Access',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: (s: Setup) => `${EXP}/batches/${s.batchId}/failed?start=-1`,
      says: /query parameter start must be an integer from 0/,
    },
    {
      name: 'Data Access',
      shape: 'catalog' as const,
      code: '400',
      method: 'GET',
      path: (s: Setup) => `${EXP}/batches/${s.batchId}/meta?limit=0&start=1&start=x`,
      says: /query parameter start\.1 must be an integer from 0; query parameter limit must be an integer from 1/,
    },
  ])(
    '$name refuses what its route schema rejects with 400, its code and its shape, saying what is wanted: $says',
    async ({ shape, code, method, path, body, says }) => {
      const init = body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      const r = await send(method, path(setup), init);
      expect(r.status, r.text).toBe(400);
      expect(r.text).not.toMatch(/FST_|fastify|must match pattern|must NOT|allowed values/i);
      expectShape(shape, 400, r.json);
      expect(codeOf(shape, r.json as Obj)).toBe(code);
      expect(messageOf(shape, r.json as Obj)).toMatch(says);
    },
  );

  it('Data Access refuses a HEAD of a file without path, in its shape (no body: the status says it)', async () => {
    const r = await send('HEAD', `${EXP}/files/no-such-file`);
    expect(r.status).toBe(400);
  });

  it('takes what the new route schemas allow: a namespace id, a boolean in any case, an unencoded +timestamp, and a Data Access limit above 100 served as pages of 100 (the documented maximum)', async () => {
    const byNsid = await send('GET', `${IDG}/identity?nsid=6&id=a@b.c`);
    expect(byNsid.status, byNsid.text).toBe(200);
    const message = { header: { datasetId: setup.datasetId }, body: { xdmEntity: {} } };
    const sync = await send('POST', '/collection/inlet-1?syncValidation=FALSE', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    expect(sync.status, sync.text).toBe(200);
    const events = await send(
      'GET',
      `${ENTITIES}?schema.name=_xdm.context.experienceevent&relatedEntityId=nobody@example.com&relatedEntityIdNS=email&orderby=+timestamp&limit=5000`,
    );
    expect(events.status, events.text).toBe(404);
    const files = await send('GET', `${EXP}/batches/${setup.batchId}/files?limit=500&start=0`);
    expect(files.status, files.text).toBe(200);
    expect((files.json as Obj)._page).toEqual({ limit: 100, count: 0 });
  });

  it('takes what the route schemas allow at their edges: a format and an action in any case, the limits 0, 100 and 500', async () => {
    const csv = await send('POST', `${IMP}/batches`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ datasetId: setup.datasetId, inputFormat: { format: 'CSV' }, partialIngestionPercentage: 0 }),
    });
    expect(csv.status, csv.text).toBe(201);
    expect((csv.json as Obj).inputFormat).toMatchObject({ format: 'csv' });
    const aborted = await send('POST', `${IMP}/batches/${String((csv.json as Obj).id)}?action=abort`);
    expect(aborted.status, aborted.text).toBe(200);
    for (const url of [`${CAT}/batches?limit=100&start=0&createdAfter=0`, `${SR}/tenant/schemas?limit=0`, `${SR}/tenant/schemas?limit=500`]) {
      const r = await send('GET', url, { headers: XED_ID });
      expect(r.status, `${url}: ${r.text}`).toBe(200);
    }
  });

  it('writes into prod when no sandbox is named, and reads header names in any case', async () => {
    const headers: Record<string, string> = { ...h.headers(), 'content-type': 'application/json' };
    delete headers['x-sandbox-name'];
    const schemaRef = (await h.call('GET', `${CAT}/dataSets/${setup.datasetId}`)).json as Record<string, Obj>;
    const created = await fetch(`${h.sandbox.url}${CAT}/dataSets`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'No sandbox header', schemaRef: schemaRef[setup.datasetId]?.schemaRef }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as string[])[0]).replace('@/dataSets/', '');
    expect((await h.call('GET', `${CAT}/dataSets/${id}`, { sandbox: 'prod' })).status).toBe(200);
    expect((await h.call('GET', `${CAT}/dataSets/${id}`, { sandbox: 'other-sandbox', noContract: true })).status).toBe(404);

    // Raw header names in mixed case, as some clients send them: the same dataset, found in prod.
    const mixed = Object.fromEntries(
      Object.entries(h.headers()).map(([k, v]) => [k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()), v]),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${h.sandbox.url}${CAT}/dataSets/${id}`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers: { ...mixed, 'X-Sandbox-Name': 'prod' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(Object.keys(mixed)).toContain('X-Gw-Ims-Org-Id');
    expect(status).toBe(200);
  });
});
