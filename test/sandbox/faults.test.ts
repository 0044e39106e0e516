/**
 * Fault switches, each observed by a plain fetch client: 429 with Retry-After for the next N calls,
 * 5xx for a share of calls, added latency, a connection dropped mid-body, short-lived tokens, and
 * Profile entitlement off (403). Also the admin routes that set them at run time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness';

describe('Local sandbox faults', () => {
  let h: Harness;
  const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${h.sandbox.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    h = await Harness.start({
      faults: { rules: [{ action: 'status', status: 503, path: '/data/foundation/catalog/batches', times: 1, retryAfterSeconds: 2 }] },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('applies start-time faults for the next N calls only', async () => {
    const first = await h.call('GET', '/data/foundation/catalog/batches', { noContract: true });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    const second = await h.call('GET', '/data/foundation/catalog/batches');
    expect(second.status).toBe(200);
  });

  it('answers 429 with Retry-After in the family shape, set at run time', async () => {
    const added = await admin('POST', '/faults/rules', { action: 'status', status: 429, path: '/data/core/ups', times: 2, retryAfterSeconds: 3 });
    expect(added.status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const r = await h.call('GET', '/data/core/ups/config/mergePolicies', { noContract: true });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect((r.json as Array<Record<string, unknown>>)[0]).toMatchObject({ statusCode: '429', retryAfterMs: '3000' });
    }
    expect((await h.call('GET', '/data/core/ups/config/mergePolicies')).status).toBe(200);
  });

  it('fails a share of calls with 500/502', async () => {
    h.sandbox.faults.add({ action: 'status', status: 502, path: '/data/core/idnamespace', rate: 1 });
    const r = await h.call('GET', '/data/core/idnamespace/identities', { noContract: true });
    expect(r.status).toBe(502);
    const none = h.sandbox.faults.add({ action: 'status', status: 500, path: '/data/foundation/export', rate: 0 });
    h.sandbox.faults.clear();
    expect(h.sandbox.faults.state().rules.find((x) => x.id === none.id)).toBeUndefined();
    expect((await h.call('GET', '/data/core/idnamespace/identities')).status).toBe(200);
  });

  it('adds latency', async () => {
    h.sandbox.faults.add({ action: 'latency', latencyMs: 300, path: '/data/core/idnamespace', times: 1 });
    const t0 = Date.now();
    await h.call('GET', '/data/core/idnamespace/identities');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection mid-body', async () => {
    h.sandbox.faults.add({ action: 'drop', path: '/data/foundation/catalog/dataSets', times: 1 });
    await expect(h.call('GET', '/data/foundation/catalog/dataSets', { noContract: true })).rejects.toThrow();
    expect((await h.call('GET', '/data/foundation/catalog/dataSets')).status).toBe(200);
  });

  it('issues short-lived tokens that then expire with the gateway error', async () => {
    const patched = await admin('PATCH', '/faults', { tokenLifetimeSeconds: 1 });
    expect(((await patched.json()) as Record<string, unknown>).tokenLifetimeSeconds).toBe(1);
    await h.refreshToken();
    expect((await h.call('GET', '/data/foundation/catalog/dataSets')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await h.call('GET', '/data/foundation/catalog/dataSets', { noContract: true });
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ error_code: '401013', message: 'Oauth token is not valid' });
    await admin('PATCH', '/faults', { tokenLifetimeSeconds: 86399 });
    await h.refreshToken();
  });

  it('answers 403 for Profile Access when the entitlement is off', async () => {
    await admin('PATCH', '/faults', { profileEntitlement: false });
    const r = await h.call('GET', '/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityId=a@b.c&entityIdNS=email');
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ statusCode: '403' });
    await admin('PATCH', '/faults', { profileEntitlement: true });
    expect((await h.call('GET', '/data/core/ups/access/entities?schema.name=_xdm.context.profile&entityId=a@b.c&entityIdNS=email')).status).toBe(404);
  });

  it('rejects invalid rules on the admin route', async () => {
    const r = await admin('POST', '/faults/rules', { action: 'status', status: 200 });
    expect(r.status).toBe(400);
  });
});
