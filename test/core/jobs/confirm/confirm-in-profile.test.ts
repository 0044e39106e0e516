import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmInProfile, confirmPrepared, sampleIdentities } from '../../../../src-main/core/jobs/confirm/index';
import { preparedInput } from '../../../../src-main/core/jobs/preflight/index';
import { createDataset, customer, ingest, openSandbox, type SandboxFixture, writeParts } from '../preflight/sandbox-fixture';

/**
 * Confirmation against the Local sandbox: identities of an ingested batch are found; misses get
 * the likely reason; a Profile 403 is an entitlement, not "not found".
 */
let f: SandboxFixture;
beforeAll(async () => {
  f = await openSandbox();
});
afterAll(async () => {
  await f.close();
});
beforeEach(() => {
  f.sandbox.faults.clear();
});

describe('confirmation in Profile', () => {
  it('finds the sampled identities of a batch ingested into the seeded dataset', async () => {
    const records = Array.from({ length: 12 }, (_, i) => customer(100 + i));
    const batch = await ingest(f.client, f.customers.id, records);
    expect(batch.status).toBe('success');
    const dir = await mkdtemp(path.join(f.dir, 'loaded-'));
    await writeParts(dir, records, 5);
    const report = await confirmPrepared(f.client, { target: dir, datasetId: f.customers.id, count: 6 });
    expect(report.sample).toHaveLength(6);
    // Spread over the three parts, keyed on the schema's primary identity (Email descriptor).
    expect(new Set(report.sample.map((s) => s.part))).toEqual(new Set(['part-00000.json', 'part-00001.json', 'part-00002.json']));
    expect(report.sample.every((s) => s.namespace === 'Email' && s.primary)).toBe(true);
    expect(report.status).toBe('confirmed');
    expect(report.found).toBe(6);
    expect(report.identities.every((i) => i.found === true && i.entityId && i.sources?.includes(f.customers.id))).toBe(true);
  });

  it('reports identities never loaded as missing: still processing right after a batch, after retrying with backoff', async () => {
    const identities = [
      { namespace: 'Email', id: 'person100@example.com' },
      { namespace: 'Email', id: 'never-loaded@example.com' },
    ];
    const report = await confirmInProfile(f.client, { identities, datasetId: f.customers.id, batchCompletedAt: Date.now(), waitMs: 1000, initialDelayMs: 100 });
    expect(report.status).toBe('partial');
    expect(report.identities[0]).toMatchObject({ found: true });
    expect(report.identities[1]).toMatchObject({ found: false, reason: 'STILL_PROCESSING' });
    expect(report.rounds).toBeGreaterThanOrEqual(2);
    expect(report.waitedMs).toBeLessThan(3000);

    const later = await confirmInProfile(f.client, { identities: identities.slice(1), datasetId: f.customers.id, batchCompletedAt: Date.now() - 3_600_000 });
    expect(later.status).toBe('missing');
    expect(later.rounds).toBe(1);
    expect(later.identities[0]).toMatchObject({ found: false, reason: 'NOT_IN_PROFILE' });
  });

  it('explains a namespace the sandbox lacks, or has with another case, without waiting', async () => {
    const report = await confirmInProfile(f.client, {
      identities: [
        { namespace: 'LoyaltyId', id: 'L-1' },
        { namespace: 'crmId', id: 'nobody' },
      ],
      datasetId: f.customers.id,
      batchCompletedAt: Date.now(),
      waitMs: 5000,
      initialDelayMs: 100,
    });
    expect(report.rounds).toBe(1);
    expect(report.identities.map((i) => i.reason)).toEqual(['NAMESPACE_UNKNOWN', 'NAMESPACE_CASE']);
    expect(report.identities[1]?.explanation).toContain('"CRMID"');
  });

  it('explains a dataset not enabled for Profile', async () => {
    const datasetId = await createDataset(f.client, { name: 'Lake only customers', schemaId: f.customers.schemaId });
    const batch = await ingest(f.client, datasetId, [customer(500)]);
    expect(batch.status).toBe('success');
    const report = await confirmInProfile(f.client, {
      identities: [{ namespace: 'Email', id: 'person500@example.com' }],
      datasetId,
      batchCompletedAt: Date.now(),
    });
    expect(report.status).toBe('missing');
    expect(report.identities[0]).toMatchObject({ found: false, reason: 'DATASET_NOT_PROFILE' });
    expect(report.identities[0]?.explanation).toMatch(/not enabled for Profile and Identity/);
  });

  it('explains a Profile Access 403 as a missing entitlement, not as "not found"', async () => {
    f.sandbox.faults.configure({ profileEntitlement: false });
    const report = await confirmInProfile(f.client, {
      identities: [{ namespace: 'Email', id: 'person100@example.com' }],
      datasetId: f.customers.id,
      waitMs: 5000,
    });
    expect(report.status).toBe('forbidden');
    expect(report.missing).toBe(0);
    expect(report.identities[0]).toMatchObject({ found: null, reason: 'FORBIDDEN' });
    expect(report.forbidden).toMatch(/entitle/i);
    expect(report.forbidden).toMatch(/Ultimate/);
    expect(report.rounds).toBe(1);
  });

  it('samples deterministically and without duplicates', async () => {
    const dir = await mkdtemp(path.join(f.dir, 'sample-'));
    const records = Array.from({ length: 40 }, (_, i) => ({ identityMap: { CRMID: [{ id: `C-${i % 20}`, primary: true }] } }));
    await writeParts(dir, records, 10);
    const input = await preparedInput(dir);
    const first = await sampleIdentities(input, { count: 8 });
    const again = await sampleIdentities(input, { count: 8 });
    expect(first).toEqual(again);
    expect(first).toHaveLength(8);
    expect(new Set(first.map((s) => s.id)).size).toBe(8);
    expect(await sampleIdentities(input, { count: 100 })).toHaveLength(20);
  });
});
