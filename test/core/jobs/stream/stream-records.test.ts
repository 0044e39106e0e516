import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupBySize, streamRecords, type StreamProgress } from '../../../../src-main/core/jobs/stream/index';
import { getEntity } from '../../../../src-main/core/platform/profile-access';
import { customer, openSandbox, type SandboxFixture } from '../preflight/sandbox-fixture';

/**
 * Streaming against the Local sandbox: valid records are accepted (and reach Profile), invalid
 * ones are rejected with their violations, record by record.
 */
let f: SandboxFixture;
beforeAll(async () => {
  f = await openSandbox();
});
afterAll(async () => {
  await f.close();
});

const invalid = { personalEmail: { address: 'bad@example.com' }, person: { birthDate: 'not a date' }, shoeSize: 44 };

describe('streaming small sets', () => {
  it('validates synchronously and reports each record', async () => {
    const report = await streamRecords(f.client, {
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      records: [customer(700), invalid, customer(701)],
      requestsPerMinute: 0,
    });
    expect(report).toMatchObject({ validation: 'sync', total: 3, accepted: 2, rejected: 1, requests: 3, schemaId: f.customers.schemaId });
    expect(report.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    const rejected = report.results[1];
    expect(rejected?.statusCode).toBe(400);
    expect(rejected?.violations?.map((v) => v.keyword).sort()).toEqual(['additionalProperties', 'format']);
    expect(rejected?.violations?.find((v) => v.keyword === 'format')?.pointer).toBe('#/person/birthDate');
    await expect(getEntity(f.client, { namespace: 'Email', entityId: 'person701@example.com' })).resolves.toBeDefined();
    await expect(getEntity(f.client, { namespace: 'Email', entityId: 'bad@example.com' })).resolves.toBeUndefined();
  });

  it('paces synchronous requests', async () => {
    const started = Date.now();
    await streamRecords(f.client, {
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      records: [customer(710), customer(711), customer(712)],
      requestsPerMinute: 300,
    });
    // Three requests at 300/min: two gaps of 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('groups records asynchronously within the request limits', async () => {
    const report = await streamRecords(f.client, {
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      validation: 'async',
      records: [customer(720), invalid, customer(721)],
      groupLimits: { maxBytes: 1_000_000, maxMessages: 2 },
    });
    expect(report).toMatchObject({ validation: 'async', total: 3, received: 3, rejected: 0, requests: 2 });
    expect(report.results.map((r) => r.index)).toEqual([1, 2, 3]);
    await expect(getEntity(f.client, { namespace: 'Email', entityId: 'person721@example.com' })).resolves.toBeDefined();
  });

  it('refuses more records than the limit before sending any', async () => {
    const records = [customer(730), customer(731), customer(732)];
    await expect(streamRecords(f.client, { datasetId: f.customers.id, inletId: 'x', records, maxRecords: 2 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getEntity(f.client, { namespace: 'Email', entityId: 'person730@example.com' })).resolves.toBeUndefined();
  });

  it('reports progress after each request with only the new results; a refused record carries its body', async () => {
    const huge = { ...customer(740), person: { name: { firstName: 'x'.repeat(1_100_000) } } };
    const reports: StreamProgress[] = [];
    const report = await streamRecords(f.client, {
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      validation: 'async',
      records: [customer(741), huge, customer(742), customer(743)],
      groupLimits: { maxBytes: 1_000_000, maxMessages: 2 },
      onProgress: (p) => reports.push(p),
    });
    expect(report).toMatchObject({ total: 4, received: 3, rejected: 1, requests: 2 });
    // The record too large is refused before anything is sent, then one report per group.
    expect(reports.map((r) => [r.sent, r.results.map((x) => x.index)])).toEqual([
      [0, [2]],
      [2, [1, 3]],
      [3, [4]],
    ]);
    expect(reports.at(-1)).toMatchObject({ sent: 3, total: 4, received: 3, rejected: 1, accepted: 0 });
    expect(report.results[1]).toMatchObject({ status: 'rejected', statusCode: 413, record: huge });
    expect(report.results.filter((r) => r.record !== undefined)).toHaveLength(1);
  });

  it('stops between requests when its signal aborts, naming how many records were sent', async () => {
    const controller = new AbortController();
    const run = streamRecords(f.client, {
      datasetId: f.customers.id,
      inletId: 'test-inlet',
      records: [customer(750), customer(751), customer(752)],
      requestsPerMinute: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.sent === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({
      code: 'CANCELLED',
      message:
        'Streaming was cancelled after 2 of 3 records had been sent (2 accepted, 0 rejected). The 2 records already sent stay sent: streamed records cannot be taken back.',
    });
    await expect(getEntity(f.client, { namespace: 'Email', entityId: 'person752@example.com' })).resolves.toBeUndefined();
    const early = new AbortController();
    early.abort();
    await expect(streamRecords(f.client, { datasetId: f.customers.id, inletId: 'x', records: [customer(753)], signal: early.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'Streaming was cancelled before any record was sent: nothing was streamed.',
    });
  });

  it('rejects a dataset that does not exist', async () => {
    await expect(streamRecords(f.client, { datasetId: '000000000000000000000000', inletId: 'x', records: [customer(1)] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('groupBySize', () => {
  it('keeps each group under the byte and count limits, in order', () => {
    expect(groupBySize([400, 400, 400, 100], { maxBytes: 1000, maxMessages: 10 })).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(groupBySize([1, 1, 1, 1, 1], { maxBytes: 1000, maxMessages: 2 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(groupBySize([5000, 1], { maxBytes: 1000, maxMessages: 10 })).toEqual([[0], [1]]);
    expect(groupBySize([])).toEqual([]);
  });
});
