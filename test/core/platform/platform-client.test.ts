import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-shared/domain/errors';
import { createBatch } from '../../../src-main/core/platform/batch-ingestion';
import { listDatasets } from '../../../src-main/core/platform/catalog';
import { createTokenProvider } from '../../../src-main/core/platform/ims-token';
import { getRegistryStats } from '../../../src-main/core/platform/schema-registry';
import { type CannedAep, cannedIms, clientFor, fastRetry, recordingLogger, SECRET, startCannedAep } from './canned-aep';

const STATS = '/data/foundation/schemaregistry/stats';
const stats = { imsOrg: 'x', tenantId: 'acme' };

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('platform client: headers, retries and token renewal', () => {
  let aep: CannedAep;
  beforeEach(async () => {
    aep = await startCannedAep();
  });
  afterEach(async () => {
    await aep.close();
  });

  it('sends the four Platform headers and one x-request-id per call, and logs without the token or secret', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 200, body: stats }));
    const { client, logger } = clientFor(aep);
    await getRegistryStats(client);
    await getRegistryStats(client);
    const calls = aep.seen.filter((r) => r.path === STATS);
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call.headers.authorization).toBe('Bearer token-1');
      expect(call.headers['x-api-key']).toBe('client-id-123');
      expect(call.headers['x-gw-ims-org-id']).toBe('ABCDEF0123456789ABCDEF01@AdobeOrg');
      expect(call.headers['x-sandbox-name']).toBe('dev');
      expect(call.headers.accept).toBe('application/json');
      expect(call.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(calls[0]?.headers['x-request-id']).not.toBe(calls[1]?.headers['x-request-id']);
    const requestLines = logger.lines.filter((l) => l.includes('aep request'));
    expect(requestLines).toHaveLength(2);
    expect(requestLines[0]).toContain('"method":"GET"');
    expect(requestLines[0]).toContain(`"path":"${STATS}"`);
    expect(requestLines[0]).toContain('"status":200');
    expect(requestLines[0]).toMatch(/"durationMs":\d+/);
    expect(requestLines[0]).toContain(String(calls[0]?.headers['x-request-id']));
    const all = logger.lines.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('token-1');
  });

  it('logs the path without the query, so identity values never reach a log', async () => {
    cannedIms(aep);
    aep.on('GET /data/core/ups/access/entities', () => ({ status: 404, body: { statusCode: '404' } }));
    const { client, logger } = clientFor(aep);
    await client.send({
      method: 'GET',
      path: '/data/core/ups/access/entities',
      query: { entityId: 'jane@example.com', entityIdNS: 'email' },
      idempotent: true,
      accept: [404],
    });
    expect(aep.seen.at(-1)?.query.get('entityId')).toBe('jane@example.com');
    expect(logger.lines.join('\n')).not.toContain('jane@example.com');
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, (_r, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: { title: 'Too Many Requests' } } : { status: 200, body: stats },
    );
    const { client } = clientFor(aep);
    const started = Date.now();
    await expect(getRegistryStats(client)).resolves.toMatchObject({ tenantId: 'acme' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(2);
  });

  it("honours Profile's retryAfterMs in a 429 array body", async () => {
    cannedIms(aep);
    aep.on('GET /data/core/ups/config/mergePolicies', (_r, n) =>
      n === 1 ? { status: 429, body: [{ message: 'Too many requests', retryAfterMs: '300', statusCode: '429' }] } : { status: 200, body: { children: [] } },
    );
    const { client } = clientFor(aep, { retry: { ...fastRetry, maxDelayMs: 1 } });
    const started = Date.now();
    await client.send({ method: 'GET', path: '/data/core/ups/config/mergePolicies', idempotent: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('retries 503 and 502 on idempotent calls until success', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, (_r, n) =>
      n === 1 ? { status: 503, raw: 'Service Unavailable' } : n === 2 ? { status: 502, body: {} } : { status: 200, body: stats },
    );
    const { client } = clientFor(aep);
    await expect(getRegistryStats(client)).resolves.toMatchObject({ tenantId: 'acme' });
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(3);
  });

  it('retries a dropped connection on an idempotent call', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, (_r, n) => (n <= 2 ? 'drop' : { status: 200, body: stats }));
    const { client } = clientFor(aep);
    await expect(getRegistryStats(client)).resolves.toMatchObject({ tenantId: 'acme' });
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(3);
  });

  it('stops after maxAttempts with a REMOTE_ERROR that shows the body as it came', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 503, raw: 'upstream connect error or disconnect/reset before headers' }));
    const { client } = clientFor(aep);
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toContain('upstream connect error or disconnect/reset before headers');
    expect(error.message).toContain('after 4 attempts');
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(fastRetry.maxAttempts);
  });

  it('stops when the time budget would be exceeded, even with attempts left', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 429, headers: { 'retry-after': '30' }, body: {} }));
    const { client } = clientFor(aep, { retry: { ...fastRetry, maxElapsedMs: 2000 } });
    const started = Date.now();
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('THROTTLED');
    // The server's own wait, not "wait a minute" (a 429 asking for 600 s was told that).
    expect(error.message).toMatch(
      /^Schema Registry answered 429 on GET \/data\/foundation\/schemaregistry\/stats and asked to wait 30 s before trying again, longer than the 2 s this call may take\. Try again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/,
    );
    expect(error.message).not.toMatch(/Wait a minute|network/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(1);
  });

  it('waits out a Retry-After beyond the budget when the caller allows it, saying so first, and can be stopped meanwhile', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, (_r, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' }, body: {} } : { status: 200, body: stats }));
    const waits: Array<{ service: string; status: number; waitMs: number }> = [];
    const { client } = clientFor(aep, {
      retry: { ...fastRetry, maxElapsedMs: 500 },
      onServerWait: (w) => waits.push({ service: w.service, status: w.status, waitMs: w.waitMs }),
    });
    const started = Date.now();
    await getRegistryStats(client);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(waits).toEqual([{ service: 'Schema Registry', status: 429, waitMs: 2000 }]);

    aep.on(`GET ${STATS}`, () => ({ status: 503, headers: { 'retry-after': '600' }, body: {} }));
    const controller = new AbortController();
    const { client: waiting } = clientFor(aep, { onServerWait: () => setTimeout(() => controller.abort(), 100) });
    expect((await failureOf(getRegistryStats(waiting, controller.signal))).code).toBe('CANCELLED');
  });

  it("reports a full disk on the server (507) as the server's storage, at once, never as the network", async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 507, body: { title: 'Insufficient Storage', detail: 'no space left' } }));
    const { client } = clientFor(aep);
    const error = await failureOf(getRegistryStats(client));
    expect(error.message).toMatch(/has no space left to store what was sent \(507\).*said: Insufficient Storage: no space left.*not your network/);
    expect(aep.seen.filter((r) => r.path === STATS)).toHaveLength(1);
  });

  it('never retries creating a batch after a 503 or a dropped connection', async () => {
    cannedIms(aep);
    aep.on('POST /data/foundation/import/batches', (_r, n) => (n === 1 ? { status: 503, body: {} } : 'drop'));
    const { client } = clientFor(aep);
    const first = await failureOf(createBatch(client, { datasetId: 'ds1', format: 'json' }));
    expect(first.code).toBe('REMOTE_ERROR');
    const second = await failureOf(createBatch(client, { datasetId: 'ds1', format: 'json' }));
    expect(second.code).toBe('UNREACHABLE');
    expect(aep.seen.filter((r) => r.path === '/data/foundation/import/batches')).toHaveLength(2);
  });

  it('retries creating a batch after a 429 (the gateway refused it, nothing was created)', async () => {
    cannedIms(aep);
    aep.on('POST /data/foundation/import/batches', (request, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: {} }
        : { status: 201, body: { id: 'b1', status: 'loading', relatedObjects: [{ type: 'dataSet', id: JSON.parse(request.body.toString()).datasetId }] } },
    );
    const { client } = clientFor(aep);
    await expect(createBatch(client, { datasetId: 'ds1', format: 'parquet' })).resolves.toMatchObject({ id: 'b1', status: 'loading' });
    const body = JSON.parse(aep.seen.at(-1)?.body.toString() ?? '{}');
    expect(body).toEqual({ datasetId: 'ds1', inputFormat: { format: 'parquet' } });
  });

  it('renews the token once on 401 and repeats the call, even a non-idempotent one', async () => {
    const ims = cannedIms(aep);
    aep.on('POST /data/foundation/import/batches', (request) =>
      request.headers.authorization === 'Bearer token-1'
        ? { status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } }
        : { status: 201, body: { id: 'b2', status: 'loading' } },
    );
    const { client } = clientFor(aep);
    await expect(createBatch(client, { datasetId: 'ds1', format: 'json' })).resolves.toMatchObject({ id: 'b2' });
    expect(ims.issued()).toBe(2);
  });

  it('gives UNAUTHORIZED when the renewed token is refused too', async () => {
    const ims = cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } }));
    const { client } = clientFor(aep);
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('Oauth token is not valid');
    expect(error.message).toMatch(/client secret/);
    expect(ims.issued()).toBe(2);
  });

  it('asks IMS once for many concurrent calls, and caches the token', async () => {
    const ims = cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 200, body: stats }));
    const { client } = clientFor(aep);
    await Promise.all(Array.from({ length: 10 }, () => getRegistryStats(client)));
    await getRegistryStats(client);
    expect(ims.issued()).toBe(1);
    const tokenCall = aep.seen.find((r) => r.path === '/ims/token/v3');
    expect(tokenCall?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenCall?.body.toString()))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-id-123',
      client_secret: SECRET,
      scope: 'openid,AdobeID',
    });
  });

  it('renews a token before it expires', async () => {
    const ims = cannedIms(aep, 1);
    aep.on(`GET ${STATS}`, (request) => ({
      status: request.headers.authorization === 'Bearer token-1' || request.headers.authorization === 'Bearer token-2' ? 200 : 401,
      body: stats,
    }));
    const { client } = clientFor(aep);
    await getRegistryStats(client);
    await new Promise((resolve) => setTimeout(resolve, 950));
    await getRegistryStats(client);
    expect(ims.issued()).toBe(2);
    expect(aep.seen.filter((r) => r.path === STATS).map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('explains a refused secret from IMS as UNAUTHORIZED, without the secret', async () => {
    cannedIms(aep);
    const logger = recordingLogger();
    const tokens = createTokenProvider({ logger, retry: fastRetry });
    const { client } = clientFor(aep, { logger, tokens, target: { clientSecret: async () => 'wrong-secret-value' } });
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toContain('invalid client_secret parameter');
    expect(error.message).not.toContain('wrong-secret-value');
    expect(logger.lines.join('\n')).not.toContain('wrong-secret-value');
  });

  it('reports an unreachable host as UNREACHABLE with what to check', async () => {
    const url = aep.url;
    await aep.close();
    const { client } = clientFor(aep, { target: { imsUrl: url, platformUrl: url }, retry: { ...fastRetry, maxAttempts: 2 } });
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).toMatch(/ECONNREFUSED|Nothing accepts connections/);
    aep = await startCannedAep();
  });

  it('reads Catalog answers keyed by id, with tag values spaced either way', async () => {
    cannedIms(aep);
    aep.on('GET /data/foundation/catalog/dataSets', () => ({
      status: 200,
      body: {
        ds1: {
          name: 'Customers',
          schemaRef: { id: 'https://ns.adobe.com/acme/schemas/1' },
          tags: { unifiedProfile: ['enabled: true'], unifiedIdentity: ['enabled:true'] },
          created: 1700000000000,
        },
        ds2: { name: 'Events', tags: { unifiedProfile: ['enabled:false'] }, created: '1700000000001' },
      },
    }));
    const { client } = clientFor(aep);
    const datasets = await listDatasets(client);
    expect(datasets).toEqual([
      {
        id: 'ds1',
        name: 'Customers',
        schemaId: 'https://ns.adobe.com/acme/schemas/1',
        profileEnabled: true,
        identityEnabled: true,
        upsert: false,
        created: 1700000000000,
      },
      { id: 'ds2', name: 'Events', profileEnabled: false, identityEnabled: false, upsert: false, created: 1700000000001 },
    ]);
    expect(aep.seen.at(-1)?.query.get('limit')).toBe('100');
  });

  it('reports an answer in an unexpected shape with the body as it came', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 200, body: { surprise: true } }));
    const { client } = clientFor(aep);
    const error = await failureOf(getRegistryStats(client));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.message).toContain('{"surprise":true}');
  });

  it('stops waiting when the caller cancels', async () => {
    cannedIms(aep);
    aep.on(`GET ${STATS}`, () => ({ status: 503, headers: { 'retry-after': '5' }, body: {} }));
    const { client } = clientFor(aep);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await failureOf(getRegistryStats(client, controller.signal));
    expect(error.code).toBe('CANCELLED');
  });
});
