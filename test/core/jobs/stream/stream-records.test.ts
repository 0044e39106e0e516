import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupBySize, streamRecords } from '../../../../src-main/core/jobs/stream/index';
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
    await streamRecords(f.client, { datasetId: f.customers.id, inletId: 'test-inlet', records: [customer(710), customer(711), customer(712)], requestsPerMinute: 300 });
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

  it('rejects a dataset that does not exist', async () => {
    await expect(streamRecords(f.client, { datasetId: '000000000000000000000000', inletId: 'x', records: [customer(1)] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('groupBySize', () => {
  it('keeps each group under the byte and count limits, in order', () => {
    expect(groupBySize([400, 400, 400, 100], { maxBytes: 1000, maxMessages: 10 })).toEqual([[0, 1], [2, 3]]);
    expect(groupBySize([1, 1, 1, 1, 1], { maxBytes: 1000, maxMessages: 2 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(groupBySize([5000, 1], { maxBytes: 1000, maxMessages: 10 })).toEqual([[0], [1]]);
    expect(groupBySize([])).toEqual([]);
  });
});
