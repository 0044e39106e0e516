import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';

/**
 * `xdm-loader schema get` saves what `suggest` and `prepare` need of a schema: its identity
 * descriptors too. Saved as plain `xed-full`, the seeded Customers schema lost its primary identity
 * (a descriptor, not a field of the document), so a mapping suggested from the saved file had none.
 */
let f: SandboxFixture;
const cli = (args: string[]) => runCliAgainst(f.sandbox, f.dir, args);
const customersCsv = path.join(import.meta.dirname, '../../assets/samples/customers.csv');

beforeAll(async () => {
  f = await openSandbox();
});
afterAll(async () => {
  await f.close();
});

describe('schema get', () => {
  it('saves the resolved schema with its identity descriptors, and suggest finds the primary identity in it', async () => {
    const schemaFile = path.join(f.dir, 'customers-schema.json');
    expect((await cli(['schema', 'get', f.customers.schemaId, '--out', schemaFile])).code).toBe(0);
    const saved = JSON.parse(await readFile(schemaFile, 'utf8')) as Record<string, unknown>;
    const descriptors = saved['meta:descriptors'] as Array<Record<string, unknown>> | undefined;
    expect(descriptors?.filter((d) => d['@type'] === 'xdm:descriptorIdentity' && d['xdm:isPrimary'] === true)).toHaveLength(1);

    const suggested = await cli(['suggest', customersCsv, '--schema', schemaFile, '--json']);
    expect(suggested.stderr).toBe('');
    const { mapping } = JSON.parse(suggested.stdout) as { mapping: { identities?: Array<{ primary?: boolean }>; rules: Array<{ destination: string }> } };
    const primaryPath = String(descriptors?.find((d) => d['xdm:isPrimary'] === true)?.['xdm:sourceProperty']);
    // The primary identity's field is mapped, and the mapping says which column is primary.
    expect(mapping.rules.map((r) => `/${r.destination.split('.').join('/')}`)).toContain(primaryPath);
  }, 60_000);
});
