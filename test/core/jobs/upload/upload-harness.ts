import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunningSandbox, startSandbox } from '../../../../src-main/core/sandbox/index';
import { listBatches, listDatasets } from '../../../../src-main/core/platform/catalog';
import { createConnectionService } from '../../../../src-main/core/platform/connection-service';
import { silentLogger } from '../../../../src-main/core/platform/logger';
import type { PlatformClient } from '../../../../src-main/core/platform/platform-client';
import { createSecretResolver } from '../../../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../../../src-main/core/settings/connection-store';

/**
 * A Local sandbox on loopback for upload tests, a client that counts its requests, and prepared
 * folders written the way `prepare` writes them (parts + summary.json).
 * Why count requests: "confirmed chunks are not sent again" is a statement about the wire.
 */
export interface UploadHarness {
  dir: string;
  sandbox: RunningSandbox;
  client: PlatformClient;
  datasetId: string;
  /** Requests sent, as `METHOD path` (query dropped), in order. */
  requests: string[];
  /** A client with a fresh token cache (for token-lifetime faults, which only apply to new tokens). */
  newClient(): Promise<PlatformClient>;
  close(): Promise<void>;
}

export async function startUploadHarness(): Promise<UploadHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-upload-'));
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox') });
  const requests: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.searchParams.get('action') ? `?action=${url.searchParams.get('action')}` : ''}`);
    return fetch(input, init);
  };
  const newService = () => createConnectionService({
    store: createConnectionStore({ dataDir: dir }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    fetch: countingFetch,
    // Quick retries keep fault tests short; enough attempts to outlast the injected faults.
    retry: { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 30_000 },
    localSandbox: () => sandbox,
  });
  const client = await newService().client('local');
  const dataset = (await listDatasets(client)).find((d) => d.name === 'XDM Loader Customers');
  if (!dataset) throw new Error('the seeded Customers dataset is missing');
  return {
    dir,
    sandbox,
    client,
    datasetId: dataset.id,
    requests,
    newClient: () => newService().client('local'),
    close: async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One valid customer record of the seeded Profile schema; `bad` gives a value that fails validation. */
export function customerRecord(i: number, options: { bad?: boolean; padding?: number } = {}): string {
  return JSON.stringify({
    personalEmail: { address: `customer${i}@example.com` },
    person: {
      name: { firstName: `First${i}`, lastName: options.padding ? 'x'.repeat(options.padding) : `Last${i}` },
      ...(options.bad ? { birthDate: 'not-a-date' } : {}),
    },
  });
}

export interface PreparedFolder {
  dir: string;
  rows: number;
  bytes: number;
}

/**
 * Writes `parts` JSON Lines parts of `rowsPerPart` records and a completed summary.json.
 * `padding` makes records longer (large-file tests); `badEvery` makes every n-th record invalid.
 */
export async function writePrepared(
  root: string,
  name: string,
  options: { parts: number; rowsPerPart: number; padding?: number; badEvery?: number; firstId?: number },
): Promise<PreparedFolder> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const parts: Array<{ file: string; rows: number; bytes: number }> = [];
  let id = options.firstId ?? 0;
  for (let p = 0; p < options.parts; p += 1) {
    const lines: string[] = [];
    for (let r = 0; r < options.rowsPerPart; r += 1) {
      id += 1;
      lines.push(customerRecord(id, { bad: options.badEvery !== undefined && id % options.badEvery === 0, ...(options.padding ? { padding: options.padding } : {}) }));
    }
    const text = `${lines.join('\n')}\n`;
    const file = `part-${String(p + 1).padStart(5, '0')}.json`;
    await writeFile(path.join(dir, file), text);
    parts.push({ file, rows: options.rowsPerPart, bytes: Buffer.byteLength(text) });
  }
  const rows = options.parts * options.rowsPerPart;
  await writeFile(
    path.join(dir, 'summary.json'),
    `${JSON.stringify({ status: 'completed', rowsRead: rows, rowsWritten: rows, rowsRejected: 0, invariantHolds: true, parts, format: 'json', rejectsFile: 'rejects.csv' }, null, 2)}\n`,
  );
  return { dir, rows, bytes: parts.reduce((n, p) => n + p.bytes, 0) };
}

/** The dataset's batches with their status and output record count, newest first. */
export async function datasetBatches(client: PlatformClient, datasetId: string): Promise<Array<{ id: string; status: string; externalId?: string; records: number }>> {
  const batches = await listBatches(client, { datasetId, limit: 100 });
  return batches.map((b) => ({ id: b.id, status: b.status, ...(b.externalId !== undefined ? { externalId: b.externalId } : {}), records: Number(b.metrics?.outputRecordCount ?? 0) }));
}
