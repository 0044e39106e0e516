import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileEventsShape } from '../../src-shared/ipc/requests/entities';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { batchAction, createBatch, putFile } from '../../src-main/core/platform/batch-ingestion';
import { getBatch, listDatasets } from '../../src-main/core/platform/catalog';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import { silentLogger } from '../../src-main/core/platform/logger';
import type { PlatformClient } from '../../src-main/core/platform/platform-client';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';
import { startUploadHarness, type UploadHarness } from '../core/jobs/upload/upload-harness';

/**
 * `entities.events` through the router against the Local sandbox: a person's experience events,
 * newest first and paged by `limit`; an identity no profile holds; a 403 said as an entitlement.
 */
const ctx: RequestContext = { transport: 'websocket' };
let h: UploadHarness;
let router: ReturnType<typeof createRouter<RequestContext>>;

const BASE = Date.parse('2024-05-01T09:00:00Z');

async function events(input: unknown): Promise<ProfileEventsShape> {
  const reply = await router.handle('entities.events', input, ctx);
  if (!reply.ok) throw new Error(`entities.events failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as ProfileEventsShape;
}

/** Sends JSON Lines records as one batch and waits until Catalog says it is terminal. */
async function load(client: PlatformClient, datasetId: string, records: unknown[]): Promise<string> {
  const batch = await createBatch(client, { datasetId, format: 'json' });
  const body = new TextEncoder().encode(`${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  await putFile(client, { batchId: batch.id, datasetId, fileName: 'records.json' }, { data: body });
  await batchAction(client, batch.id, 'COMPLETE');
  for (let i = 0; i < 300; i++) {
    const status = (await getBatch(client, batch.id)).status;
    if (status === 'success' || status === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`batch ${batch.id} did not finish`);
}

beforeAll(async () => {
  h = await startUploadHarness();
  const home = path.join(h.dir, 'home');
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxElapsedMs: 5_000 },
    localSandbox: () => h.sandbox,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: home });
  router = createRouter(createHandlers({ files: new FileRegistry(), info, connections, jobs: new JobRegistry({ emit: () => undefined }), dataDir: home }), {
    logError: () => undefined,
  });

  const eventsDataset = (await listDatasets(h.client)).find((d) => d.name === 'XDM Loader Events');
  if (!eventsDataset) throw new Error('the seeded Events dataset is missing');
  expect(await load(h.client, h.datasetId, [{ personalEmail: { address: 'ada@example.com' }, person: { name: { firstName: 'Ada' } } }])).toBe('success');
  // Events stitched to Ada's profile through her email; written oldest last to show the order is Profile's, by time.
  const event = (i: number, type: string) => ({
    _id: `ev-${i}`,
    timestamp: new Date(BASE + i * 3_600_000).toISOString(),
    eventType: type,
    identityMap: { Email: [{ id: 'ada@example.com', primary: true }] },
  });
  expect(
    await load(h.client, eventsDataset.id, [event(2, 'commerce.purchases'), event(3, 'web.webpagedetails.pageViews'), event(1, 'commerce.productViews')]),
  ).toBe('success');
}, 60_000);

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  h.sandbox.faults.clear();
});

describe('entities.events', () => {
  it('lists the events of the profile an identity belongs to, newest first, with their type and time', async () => {
    const listed = await events({ namespace: 'Email', id: 'ada@example.com' });
    expect(listed).toMatchObject({ status: 'listed', namespace: 'Email', id: 'ada@example.com', more: false });
    expect(listed.events.map((e) => [e.id, e.eventType, e.timestamp])).toEqual([
      ['ev-3', 'web.webpagedetails.pageViews', BASE + 3 * 3_600_000],
      ['ev-2', 'commerce.purchases', BASE + 2 * 3_600_000],
      ['ev-1', 'commerce.productViews', BASE + 3_600_000],
    ]);
    expect(listed.events[0]?.entity).toMatchObject({ _id: 'ev-3', eventType: 'web.webpagedetails.pageViews' });
  });

  it('returns one page of `limit` events and says there are more', async () => {
    const page = await events({ namespace: 'email', id: 'ada@example.com', limit: 2 });
    expect(page.events.map((e) => e.id)).toEqual(['ev-3', 'ev-2']);
    expect(page.more).toBe(true);
  });

  it('says no profile holds an identity, rather than showing an empty timeline', async () => {
    const missing = await events({ namespace: 'Email', id: 'nobody@example.com' });
    expect(missing).toMatchObject({ status: 'not-found', events: [], more: false });
    expect(missing.explanation).toMatch(/no profile for Email "nobody@example.com"/);
  });

  it('explains a 403 as the deprecated, Ultimate-only event lookup, not as "no events"', async () => {
    h.sandbox.faults.configure({ profileEntitlement: false });
    const refused = await events({ namespace: 'Email', id: 'ada@example.com' });
    expect(refused.status).toBe('forbidden');
    expect(refused.events).toEqual([]);
    expect(refused.explanation).toMatch(/Real-Time CDP Ultimate/);
    expect(refused.explanation).toMatch(/deprecated/);
  });

  it('refuses bad input with the field path', async () => {
    const reply = await router.handle('entities.events', { namespace: 'Email', id: ' ', limit: 5 }, ctx);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatchObject({ code: 'INVALID_INPUT', where: { field: 'id' } });
    const tooMany = await router.handle('entities.events', { namespace: 'Email', id: 'a', limit: 5000 }, ctx);
    expect(tooMany.ok).toBe(false);
  });
});
