import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { customer, ingest, openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';

/** `xdm-loader profile` against the Local sandbox: found, not found, events, and the 403 explained. */
let f: SandboxFixture;
beforeAll(async () => {
  f = await openSandbox();
  const batch = await ingest(f.client, f.customers.id, [customer(1, { person: { name: { firstName: 'Jane', lastName: 'Doe' } } })]);
  if (batch.status !== 'success') throw new Error(`seed batch ${batch.status}`);
  const events = await ingest(f.client, f.events.id, [
    { _id: 'ev-1', timestamp: '2025-01-02T10:00:00Z', eventType: 'commerce.purchases', identityMap: { Email: [{ id: 'person1@example.com', primary: true }] } },
  ]);
  if (events.status !== 'success') throw new Error(`event batch ${events.status}: ${JSON.stringify(events.errors)}`);
});
afterAll(async () => {
  await f.close();
});
beforeEach(() => {
  f.sandbox.faults.clear();
});

describe('xdm-loader profile', () => {
  it('shows merged attributes, identities and experience events', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['profile', '--ns', 'Email', '--id', 'person1@example.com']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/crmid\s+CRM-1/);
    expect(result.stdout).toMatch(/person\.name\.firstName\s+Jane/);
    expect(result.stdout).toMatch(/commerce\.purchases\s+ev-1/);
  });

  it('prints JSON', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['profile', '--ns', 'CRMID', '--id', 'CRM-1', '--json']);
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout) as {
      sources: string[];
      identities: Array<{ namespace: string; id: string }>;
      attributes: { person: { name: { lastName: string } } };
      events: unknown[];
    };
    expect(view.sources).toContain(f.customers.id);
    expect(view.identities).toEqual(expect.arrayContaining([expect.objectContaining({ namespace: 'email', id: 'person1@example.com' })]));
    expect(view.attributes.person.name.lastName).toBe('Doe');
    expect(view.events).toHaveLength(1);
  });

  it('says "no profile" with what to check when there is none', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['profile', '--ns', 'Email', '--id', 'nobody@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has no profile for Email "nobody@example.com"/);
  });

  it('explains a 403 as a missing entitlement, not as "not found"', async () => {
    f.sandbox.faults.configure({ profileEntitlement: false });
    const result = await runCliAgainst(f.sandbox, f.dir, ['profile', '--ns', 'Email', '--id', 'person1@example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not entitled/);
    expect(result.stderr).toMatch(/Real-Time CDP Ultimate/);
    expect(result.stderr).not.toMatch(/no profile/);
  });
});
