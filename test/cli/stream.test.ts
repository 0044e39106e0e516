import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { customer, openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';

/** `xdm-loader stream` against the Local sandbox: per-record results, exit codes, the size cap. */
let f: SandboxFixture;
let file: string;
beforeAll(async () => {
  f = await openSandbox();
  const dir = await mkdtemp(path.join(f.dir, 'stream-'));
  file = path.join(dir, 'records.jsonl');
  const bad = { personalEmail: { address: 'bad@example.com' }, loyaltyTier: 'gold' };
  await writeFile(file, [customer(1), bad, customer(2)].map((r) => JSON.stringify(r)).join('\n') + '\n');
});
afterAll(async () => {
  await f.close();
});

describe('xdm-loader stream', () => {
  it('reports each record and exits 1 when one is rejected', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', file, '--dataset', f.customers.id]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/#1 accepted/);
    expect(result.stdout).toMatch(/#2 rejected \(400\): Invalid XDM Message Format/);
    expect(result.stdout).toMatch(/extraneous key \[loyaltyTier\] is not permitted \[additionalProperties\]/);
    expect(result.stdout).toMatch(/#3 accepted/);
    expect(result.stdout).toContain('2 accepted, 1 rejected of 3 records (3 requests).');
    expect(result.stderr).toMatch(/1 of 3 records were rejected/);
  });

  it('prints JSON and exits 0 when all are accepted', async () => {
    const good = path.join(path.dirname(file), 'good.json');
    await writeFile(good, JSON.stringify([customer(3), customer(4)]));
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', good, '--dataset', f.customers.id, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, accepted: 2, rejected: 0, validation: 'sync' });
  });

  it('refuses more records than --max', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', file, '--dataset', f.customers.id, '--max', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/More than 2 records: streaming is for small sets/);
  });
});
