import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enableDatasetFix,
  enableSchemaFix,
  type PreflightReport,
  preparedInput,
  preparedRecords,
  runPreflight,
} from '../../../../src-main/core/jobs/preflight/index';
import { createDataset, createProfileSchema, customer, openSandbox, type SandboxFixture, writeParts } from './sandbox-fixture';

/**
 * Preflight against the Local sandbox: passes on the seeded Profile dataset, fails with the right
 * codes on a dataset or schema not enabled, and the offered fixes make it pass.
 */
let f: SandboxFixture;
beforeAll(async () => {
  f = await openSandbox();
});
afterAll(async () => {
  await f.close();
});

const failedCodes = (r: PreflightReport) => r.checks.filter((c) => c.status === 'failed').map((c) => c.code);

describe('preflight', () => {
  it('passes on the seeded "XDM Loader Customers" dataset, reading prepared parts', async () => {
    const dir = await mkdtemp(path.join(f.dir, 'parts-'));
    await writeParts(dir, [customer(1), customer(2), customer(3)], 2);
    const input = await preparedInput(dir);
    expect(input.files).toHaveLength(2);
    const report = await runPreflight(f.client, { datasetId: f.customers.id, schemaId: f.customers.schemaId, profile: true, records: preparedRecords(input) });
    expect(failedCodes(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.recordsChecked).toBe(3);
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['dataset', 'schema', 'schema-class', 'schema-union', 'dataset-profile', 'dataset-identity', 'primary-identity', 'namespaces']),
    );
    expect(report.checks.every((c) => c.status === 'passed')).toBe(true);
  });

  it('reports a dataset that does not exist', async () => {
    const report = await runPreflight(f.client, { datasetId: '000000000000000000000000', profile: true });
    expect(report.ok).toBe(false);
    expect(failedCodes(report)).toEqual(['DATASET_NOT_FOUND']);
    expect(report.checks[0]?.howToFix).toMatch(/sandbox/);
  });

  it("reports a dataset whose schema is not the mapping's schema", async () => {
    const report = await runPreflight(f.client, { datasetId: f.customers.id, schemaId: f.events.schemaId, profile: false });
    expect(failedCodes(report)).toEqual(['SCHEMA_MISMATCH']);
    // Without Profile, no Profile checks run.
    expect(report.checks.some((c) => c.id === 'schema-union')).toBe(false);
  });

  it('fails a new dataset and schema not enabled for Profile, offers irreversible fixes, and passes once they are applied', async () => {
    const schemaId = await createProfileSchema(f.client, 'Preflight plain customers');
    const datasetId = await createDataset(f.client, { name: 'Preflight plain', schemaId });
    const records = [{ identityMap: { CRMID: [{ id: 'C-1', primary: true }] }, person: { name: { firstName: 'A' } } }];
    const before = await runPreflight(f.client, { datasetId, schemaId, profile: true, records });
    expect(failedCodes(before)).toEqual(['SCHEMA_NOT_UNION', 'DATASET_NOT_PROFILE', 'DATASET_NOT_IDENTITY']);
    const union = before.checks.find((c) => c.code === 'SCHEMA_NOT_UNION');
    expect(union?.fix).toMatchObject({ id: 'enable-schema-for-profile', irreversible: true });
    expect(union?.fix?.consequence).toMatch(/cannot be undone/);
    expect(before.checks.find((c) => c.code === 'DATASET_NOT_PROFILE')?.fix?.id).toBe('enable-dataset-for-profile');

    await enableDatasetFix(f.client, datasetId);
    expect(failedCodes(await runPreflight(f.client, { datasetId, schemaId, profile: true, records }))).toEqual(['SCHEMA_NOT_UNION']);
    await enableSchemaFix(f.client, schemaId);
    const after = await runPreflight(f.client, { datasetId, schemaId, profile: true, records });
    expect(failedCodes(after)).toEqual([]);
    expect(after.ok).toBe(true);
  });

  it('finds records without a primary identity and namespaces the sandbox lacks', async () => {
    const records = [
      customer(1),
      // No email (the schema's primary identity) and only a non-primary CRMID.
      { person: { name: { firstName: 'NoPrimary' } }, identityMap: { CRMID: [{ id: 'C-9', primary: false }] } },
      { personalEmail: { address: 'x@example.com' }, identityMap: { LoyaltyId: [{ id: 'L-1' }], crmid: [{ id: 'C-10' }] } },
    ];
    const report = await runPreflight(f.client, { datasetId: f.customers.id, profile: true, records });
    expect(failedCodes(report)).toEqual(['NO_PRIMARY_IDENTITY', 'NAMESPACE_UNKNOWN']);
    expect(report.checks.find((c) => c.code === 'NO_PRIMARY_IDENTITY')?.message).toMatch(/^1 of 3 records .*record 2/);
    expect(report.checks.find((c) => c.code === 'NAMESPACE_UNKNOWN')?.message).toContain('LoyaltyId');
    const caseWarning = report.checks.find((c) => c.code === 'NAMESPACE_CASE');
    expect(caseWarning).toMatchObject({ status: 'warning' });
    expect(caseWarning?.message).toContain('"CRMID"');
  });

  it("names the fields the dataset's schema lacks, with or without a mapping schema id (issue 15)", async () => {
    // Mapped to the standard composition, which has consents; the seeded customers schema has none.
    const standard = [customer(1, { consents: { marketing: { email: { val: 'y' } } } }), customer(2)];
    const report = await runPreflight(f.client, { datasetId: f.customers.id, profile: false, records: standard });
    expect(failedCodes(report)).toEqual(['SCHEMA_FIELDS_MISSING']);
    expect(report.checks.find((c) => c.code === 'SCHEMA_FIELDS_MISSING')?.message).toMatch(/lacks a field the records carry: consents\. AEP would reject/);
    expect(report.checks.some((c) => c.id === 'schema' && c.status === 'skipped')).toBe(false);

    // Events into the customers dataset: the event fields are named, element fields with [].
    const event = { _id: 'e-1', timestamp: '2024-05-01T00:43:39Z', eventType: 'commerce.purchases', productListItems: [{ SKU: 'SKU-1', priceTotal: 3 }] };
    const events = await runPreflight(f.client, { datasetId: f.customers.id, schemaId: f.events.schemaId, profile: false, records: [event] });
    expect(failedCodes(events)).toEqual(['SCHEMA_MISMATCH', 'SCHEMA_FIELDS_MISSING']);
    expect(events.checks.find((c) => c.code === 'SCHEMA_FIELDS_MISSING')?.message).toContain('timestamp, eventType, productListItems');

    // A flat table uploaded as is: said to be not XDM at all, its top-level fields named.
    const flat = [{ customer_id: 'C-1', email: 'a@example.com', first_name: 'Ada' }];
    const table = await runPreflight(f.client, { datasetId: f.customers.id, profile: false, records: flat });
    expect(failedCodes(table)).toEqual(['NOT_XDM']);
    expect(table.checks.find((c) => c.code === 'NOT_XDM')?.message).toMatch(
      /^The records are not XDM-shaped: none of their top-level fields \(customer_id, email, first_name\) is in the schema/,
    );
    expect(table.ok).toBe(false);

    const fits = await runPreflight(f.client, { datasetId: f.events.id, profile: false, records: [event] });
    expect(fits.checks.find((c) => c.id === 'schema-fields')).toMatchObject({ status: 'passed' });
    expect(fits.ok).toBe(true);
  });

  it('agrees with prepare: rows prepare flagged without a primary identity fail the check the sample alone would pass', async () => {
    const records = [customer(1), customer(2)];
    const clean = await runPreflight(f.client, { datasetId: f.customers.id, profile: true, records });
    expect(clean.checks.find((c) => c.id === 'primary-identity')).toMatchObject({ status: 'passed' });
    const flagged = await runPreflight(f.client, {
      datasetId: f.customers.id,
      profile: true,
      records,
      preparedIdentityIssues: { noPrimary: 1, severalPrimary: 0 },
    });
    expect(failedCodes(flagged)).toEqual(['NO_PRIMARY_IDENTITY']);
    expect(flagged.checks.find((c) => c.id === 'primary-identity')?.message).toMatch(/^Prepare flagged 1 row without a primary identity/);
    // Two primaries (the schema's Email and a primary CRMID) are as much a problem to Profile as none.
    const several = await runPreflight(f.client, {
      datasetId: f.customers.id,
      profile: true,
      records: [customer(3, { identityMap: { CRMID: [{ id: 'C-3', primary: true }] } })],
    });
    expect(several.checks.find((c) => c.id === 'primary-identity')?.message).toMatch(/1 of 1 have several/);
  });

  it('checks the mapping when no records are given', async () => {
    const withPrimary = await runPreflight(f.client, {
      datasetId: f.customers.id,
      profile: true,
      identityRules: [{ column: 'id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' }],
    });
    expect(withPrimary.ok).toBe(true);
    expect(withPrimary.checks.find((c) => c.id === 'primary-identity')?.message).toMatch(/no prepared records were read/);
  });
});
