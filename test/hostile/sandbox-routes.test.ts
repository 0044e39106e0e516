import http from 'node:http';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileUrl, IMP, newBatch, putFile, useCustomersSandbox, type BatchRef } from '../sandbox/batch-client';
import type { Harness } from '../sandbox/harness';

/**
 * The Local sandbox's file routes and admin routes under hostile requests: bad names and ranges
 * answer 4xx in Batch Ingestion's shape (they answered 500, or were accepted: a sparse file of a
 * terabyte); fault switches out of range are refused; the admin routes answer only to loopback
 * host names (DNS rebinding).
 */
const sandbox = useCustomersSandbox();

/** Batch Ingestion's error shape (Catalog's): a 400 with a message, never a 500. */
function expectBad(r: { status: number; json: unknown }, words: RegExp): void {
  expect(r.status).toBe(400);
  expect(JSON.stringify(r.json)).toMatch(words);
}

async function batch(): Promise<{ h: Harness; b: BatchRef }> {
  const { h, datasetId } = sandbox();
  return { h, b: await newBatch(h, datasetId) };
}

describe('file names', () => {
  it('a 300-character segment is a 400, not a 500', async () => {
    const { h, b } = await batch();
    expectBad(await putFile(h, b, `${'a'.repeat(300)}.json`, '{}\n'), /longer than 255 bytes/);
    expectBad(await h.call('POST', `${fileUrl(b, `dir/${'b'.repeat(300)}`)}?action=INITIALIZE`), /longer than 255 bytes/);
  });

  it('a file then a folder of the same name, and the other way round, are 400s', async () => {
    const { h, b } = await batch();
    expect((await putFile(h, b, 'x', '{}\n')).status).toBe(200);
    expectBad(await putFile(h, b, 'x/y.json', '{}\n'), /x is a file of this batch/);
    expect((await putFile(h, b, 'd/e.json', '{}\n')).status).toBe(200);
    expectBad(await putFile(h, b, 'd', '{}\n'), /folder of this batch's file d\/e.json/);
    expectBad(await h.call('POST', `${fileUrl(b, 'x/z.json')}?action=INITIALIZE`), /x is a file of this batch/);
  });

  it('path tricks are 400s or never reach the file area', async () => {
    const { h, b } = await batch();
    for (const name of ['a/%2e%2e/%2e%2e/x.json', 'a//b.json', 'a%5Cb.json', 'a%00b.json', 'a%0Ab.json']) {
      const r = await putFile(h, b, name, '{}\n');
      expect(r.status, name).toBeGreaterThanOrEqual(400);
      expect(r.status, name).toBeLessThan(500);
    }
  });
});

describe('Content-Range', () => {
  async function initialized(): Promise<{ h: Harness; b: BatchRef; chunk: (range: string, body?: string) => Promise<{ status: number; json: unknown }> }> {
    const { h, b } = await batch();
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=INITIALIZE`)).status).toBe(201);
    return { h, b, chunk: (range, body = '{}\n') => h.call('PATCH', fileUrl(b, 'big.json'), { raw: body, headers: { 'content-range': range } }) };
  }

  it('absurd offsets are 400s and leave no sparse terabyte file', async () => {
    const { h, b, chunk } = await initialized();
    expectBad(await chunk('bytes 1099511627776-1099511627778'), /ends beyond 107374182400 bytes/);
    expectBad(await chunk('bytes 99999999999999999999-99999999999999999999'), /at most 16 digits/);
    const assembly = path.join(h.dataDir, 'files', 'prod', 'batches', b.id, 'chunks', 'big.json', 'assembly');
    const size = (() => {
      try {
        return statSync(assembly).size;
      } catch {
        return 0;
      }
    })();
    expect(size).toBeLessThan(1024);
  });

  it('offsets beyond the declared total, and totals that disagree, are 400s', async () => {
    const { h, b, chunk } = await initialized();
    expectBad(await chunk('bytes 10-12/11'), /beyond the declared total of 11 bytes/);
    expectBad(await chunk('bytes 0-2/0'), /out of range/);
    expect((await chunk('bytes 0-2/6')).status).toBe(200);
    expectBad(await chunk('bytes 3-5/7'), /differs from the 6 bytes declared/);
    // A later chunk without a total is held to the one declared.
    expectBad(await chunk('bytes 6-8'), /beyond the declared total of 6 bytes/);
    // Completing short of the declared total names the missing bytes.
    expectBad(await h.call('POST', `${fileUrl(b, 'big.json')}?action=COMPLETE`), /Missing bytes 3-5/);
    expect((await chunk('bytes 3-5/6', '{}\n')).status).toBe(200);
    expect((await h.call('POST', `${fileUrl(b, 'big.json')}?action=COMPLETE`)).status).toBe(201);
  });
});

describe('fault switches', () => {
  const admin = (h: Harness, method: string, route: string, body: unknown) => h.call(method, `/_sandbox${route}`, { body, noContract: true });

  it('out-of-range values are refused with 400', async () => {
    const { h } = sandbox();
    for (const rule of [
      { action: 'status', status: 429.5 },
      { action: 'status', status: 42 },
      { action: 'latency', latencyMs: 1e12 },
      { action: 'status', status: 429, retryAfterSeconds: -1 },
      { action: 'status', status: 503, times: 0.5 },
      { action: 'drop', path: 'no-slash' },
      { action: 'drop', method: 'BREW' },
    ]) {
      expect((await admin(h, 'POST', '/faults/rules', rule)).status, JSON.stringify(rule)).toBe(400);
    }
    expect((await admin(h, 'PATCH', '/faults', { tokenLifetimeSeconds: 1e20 })).status).toBe(400);
    expect((await admin(h, 'PATCH', '/faults', { tokenLifetimeSeconds: 2.5 })).status).toBe(400);
    expect((await admin(h, 'PUT', '/faults', { tokenLifetimeSeconds: -5 })).status).toBe(400);
    expect((await admin(h, 'PUT', '/faults', { profileEntitlement: 'no' })).status).toBe(400);
    expect((await admin(h, 'PUT', '/faults', { rules: [{ action: 'latency', latencyMs: 1e12 }] })).status).toBe(400);
    // Nothing was changed by the refused calls; values in range still work.
    expect((await admin(h, 'GET', '/faults', undefined)).json).toMatchObject({ rules: [], tokenLifetimeSeconds: 86399, profileEntitlement: true });
    expect((await admin(h, 'PATCH', '/faults', { tokenLifetimeSeconds: 3 })).status).toBe(200);
    expect((await admin(h, 'DELETE', '/faults', undefined)).status).toBe(204);
  });
});

describe('admin routes and the Host header', () => {
  /** A request with a Host header of our choosing (fetch does not let a caller set Host). */
  function withHost(url: string, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'GET', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
  }

  it('answer loopback names and refuse any other (DNS rebinding)', async () => {
    const { h } = sandbox();
    const url = `${h.sandbox.url}/_sandbox/faults`;
    const port = new URL(h.sandbox.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'LOCALHOST']) expect(await withHost(url, host), host).toBe(200);
    for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`]) expect(await withHost(url, host), host).toBe(421);
    // AEP's own routes are for any client that holds a token (behind a proxy, a container port mapping).
    expect(await withHost(`${h.sandbox.url}${IMP}/batches/x`, `proxy.example:${port}`)).not.toBe(421);
  });
});
