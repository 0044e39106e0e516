import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { batchAction, createBatch, putFile } from '../../../../src-main/core/platform/batch-ingestion';
import { createDataset, getBatch, listDatasets } from '../../../../src-main/core/platform/catalog';
import { createConnectionService } from '../../../../src-main/core/platform/connection-service';
import { silentLogger } from '../../../../src-main/core/platform/logger';
import type { PlatformClient } from '../../../../src-main/core/platform/platform-client';
import { type RunningSandbox, startSandbox } from '../../../../src-main/core/sandbox/index';
import { createSecretResolver } from '../../../../src-main/core/secrets/secret-resolver';
import type { SecretStore } from '../../../../src-main/core/secrets/secret-store';
import { createConnectionStore } from '../../../../src-main/core/settings/connection-store';

/**
 * The Local sandbox for the preflight, confirm and stream tests: a real server on loopback, the
 * built-in connection's client, and helpers to ingest a batch the way an upload would.
 * Why ingest with the platform calls directly: these tests check what happens after an upload,
 * independently of the upload engine being built beside them.
 */
const noKeychain: SecretStore = { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false };

export interface SandboxFixture {
  sandbox: RunningSandbox;
  client: PlatformClient;
  dir: string;
  customers: { id: string; schemaId: string };
  events: { id: string; schemaId: string };
  close(): Promise<void>;
}

export async function openSandbox(): Promise<SandboxFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-jobs-'));
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox') });
  const service = createConnectionService({
    store: createConnectionStore({ dataDir: dir }),
    secrets: createSecretResolver({ store: noKeychain }),
    logger: silentLogger,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxElapsedMs: 5000 },
    localSandbox: () => sandbox,
  });
  const client = await service.client('local');
  const datasets = await listDatasets(client);
  const pick = (name: string) => {
    const d = datasets.find((x) => x.name === name);
    if (!d?.schemaId) throw new Error(`seeded dataset ${name} missing`);
    return { id: d.id, schemaId: d.schemaId };
  };
  return {
    sandbox,
    client,
    dir,
    customers: pick('XDM Loader Customers'),
    events: pick('XDM Loader Events'),
    close: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ingests records as one JSON Lines batch and waits for its terminal status. */
export async function ingest(client: PlatformClient, datasetId: string, records: readonly Record<string, unknown>[]) {
  const batch = await createBatch(client, { datasetId, format: 'json', enableErrorDiagnostics: true });
  const data = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await putFile(client, { batchId: batch.id, datasetId, fileName: 'part-00000.json' }, { data });
  await batchAction(client, batch.id, 'COMPLETE');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await getBatch(client, batch.id);
    if (['success', 'active', 'failed', 'failure', 'aborted'].includes(status.status)) return status;
    if (Date.now() > deadline) throw new Error(`batch ${batch.id} still ${status.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Writes records as prepared parts (`part-00000.json`, ...), `perPart` records each, and the
 * summary.json a completed `prepare` writes beside them (what the upload, preflight and
 * confirmation read to know a folder's parts).
 */
export async function writeParts(dir: string, records: readonly Record<string, unknown>[], perPart = records.length): Promise<void> {
  const parts: Array<{ file: string; rows: number; bytes: number }> = [];
  for (let start = 0, n = 0; start < records.length; start += perPart, n += 1) {
    const lines = records.slice(start, start + perPart).map((r) => JSON.stringify(r));
    const file = `part-${String(n).padStart(5, '0')}.json`;
    const text = `${lines.join('\n')}\n`;
    await writeFile(path.join(dir, file), text);
    parts.push({ file, rows: lines.length, bytes: Buffer.byteLength(text) });
  }
  await writeSummary(dir, parts);
}

/** A completed prepare's summary.json for these JSON Lines parts. */
export async function writeSummary(dir: string, parts: ReadonlyArray<{ file: string; rows: number; bytes: number }>, status = 'completed'): Promise<void> {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const summary = { status, rowsRead: rows, rowsWritten: rows, rowsRejected: 0, invariantHolds: true, parts, format: 'json', rejectsFile: 'rejects.csv' };
  await writeFile(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

/** Creates a tenant Profile schema (identityMap + person details), without the union tag. */
export async function createProfileSchema(client: PlatformClient, title: string): Promise<string> {
  const created = await client.json(z.object({ $id: z.string() }).loose(), {
    method: 'POST',
    path: '/data/foundation/schemaregistry/tenant/schemas',
    headers: { accept: 'application/vnd.adobe.xed+json' },
    body: {
      kind: 'json',
      value: {
        title,
        type: 'object',
        allOf: [
          { $ref: 'https://ns.adobe.com/xdm/context/profile' },
          { $ref: 'https://ns.adobe.com/xdm/context/identitymap' },
          { $ref: 'https://ns.adobe.com/xdm/context/profile-person-details' },
          { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
        ],
      },
    },
    idempotent: false,
  });
  return created.$id;
}

export { createDataset };

/** A customer record the seeded schema accepts: Email via the schema's primary descriptor, CRMID in identityMap. */
export function customer(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personalEmail: { address: `person${n}@example.com` },
    person: { name: { firstName: `First${n}`, lastName: `Last${n}` } },
    identityMap: { CRMID: [{ id: `CRM-${n}`, primary: false }] },
    ...extra,
  };
}
