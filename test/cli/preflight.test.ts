import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { createDataset, createProfileSchema, customer, openSandbox, type SandboxFixture, writeParts } from '../core/jobs/preflight/sandbox-fixture';

/** `xdm-loader preflight` against the Local sandbox: report, exit code, JSON, and --fix. */
let f: SandboxFixture;
let parts: string;
beforeAll(async () => {
  f = await openSandbox();
  parts = await mkdtemp(path.join(f.dir, 'parts-'));
  await writeParts(parts, [customer(1), customer(2)]);
});
afterAll(async () => {
  await f.close();
});

describe('xdm-loader preflight', () => {
  it('passes on the seeded dataset with its schema from the mapping file', async () => {
    const mapping = path.join(f.dir, 'map.json');
    await writeFile(mapping, JSON.stringify({ version: 1, schemaRef: { id: f.customers.schemaId }, rules: [], identities: [] }));
    const result = await runCliAgainst(f.sandbox, f.dir, ['preflight', parts, '--dataset', f.customers.id, '--profile', '--mapping', mapping]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✓ The dataset's schema is the mapping's schema");
    expect(result.stdout).toContain('Ready to upload.');
  });

  it('fails with codes and exit 1 on a dataset not enabled, as JSON', async () => {
    const datasetId = await createDataset(f.client, { name: 'CLI plain', schemaId: f.customers.schemaId });
    const result = await runCliAgainst(f.sandbox, f.dir, ['preflight', parts, '--dataset', datasetId, '--profile', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Preflight failed: DATASET_NOT_PROFILE, DATASET_NOT_IDENTITY/);
    const report = JSON.parse(result.stdout) as { ok: boolean; checks: Array<{ code?: string; fix?: { irreversible: boolean } }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.code === 'DATASET_NOT_PROFILE')?.fix?.irreversible).toBe(true);
  });

  it('applies the offered fixes with --fix, saying they cannot be undone', async () => {
    const schemaId = await createProfileSchema(f.client, 'CLI fix schema');
    const datasetId = await createDataset(f.client, { name: 'CLI fix', schemaId });
    const dir = await mkdtemp(path.join(f.dir, 'fix-'));
    await writeParts(dir, [{ identityMap: { CRMID: [{ id: 'C-1', primary: true }] } }]);
    const before = await runCliAgainst(f.sandbox, f.dir, ['preflight', dir, '--dataset', datasetId, '--profile']);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('✗ [SCHEMA_NOT_UNION]');
    expect(before.stdout).toMatch(/XDM Loader can do it \(--fix\): Enable the schema for Profile\. .*cannot be undone/);
    const fixed = await runCliAgainst(f.sandbox, f.dir, ['preflight', dir, '--dataset', datasetId, '--profile', '--fix']);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('Applied: Enable the schema for Profile.');
    expect(fixed.stdout).toContain('Applied: Enable the dataset for Profile and Identity.');
    expect(fixed.stdout).toContain('Ready to upload.');
  });

  it('says when the folder is not a prepared folder (no summary.json), as upload does', async () => {
    const empty = await mkdtemp(path.join(f.dir, 'empty-'));
    const result = await runCliAgainst(f.sandbox, f.dir, ['preflight', empty, '--dataset', f.customers.id]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has no summary\.json: upload a folder written by `xdm-loader prepare`/);
  });
});
