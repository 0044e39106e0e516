import { mkdir, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { ParquetPartWriter } from '../../../../src-main/core/jobs/prepare/parquet-part-writer';
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
  /** Told of each request as it is sent (as in `requests`), for tests that act at a request. */
  onRequest: ((request: string) => void) | undefined;
  /** A client with a fresh token cache (for token-lifetime faults, which only apply to new tokens). */
  newClient(): Promise<PlatformClient>;
  close(): Promise<void>;
}

export async function startUploadHarness(): Promise<UploadHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-upload-'));
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'sandbox') });
  const requests: string[] = [];
  const listener: Pick<UploadHarness, 'onRequest'> = { onRequest: undefined };
  const countingFetch: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const request = `${init?.method ?? 'GET'} ${url.pathname}${url.searchParams.get('action') ? `?action=${url.searchParams.get('action')}` : ''}`;
    requests.push(request);
    listener.onRequest?.(request);
    return fetch(input, init);
  };
  const newService = () =>
    createConnectionService({
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
    get onRequest() {
      return listener.onRequest;
    },
    set onRequest(on) {
      listener.onRequest = on;
    },
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
      lines.push(
        customerRecord(id, { bad: options.badEvery !== undefined && id % options.badEvery === 0, ...(options.padding ? { padding: options.padding } : {}) }),
      );
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
export async function datasetBatches(
  client: PlatformClient,
  datasetId: string,
): Promise<Array<{ id: string; status: string; externalId?: string; records: number }>> {
  const batches = await listBatches(client, { datasetId, limit: 100 });
  return batches.map((b) => ({
    id: b.id,
    status: b.status,
    ...(b.externalId !== undefined ? { externalId: b.externalId } : {}),
    records: Number(b.metrics?.outputRecordCount ?? 0),
  }));
}

/** The seeded Customers schema's fields that `customerRecord` fills, as a resolved XDM tree. */
const CUSTOMER_FIELDS: XdmSchemaNode = {
  type: 'object',
  properties: {
    personalEmail: { type: 'object', properties: { address: { type: 'string', 'meta:xdmType': 'string' } } },
    person: {
      type: 'object',
      properties: {
        name: {
          type: 'object',
          properties: { firstName: { type: 'string', 'meta:xdmType': 'string' }, lastName: { type: 'string', 'meta:xdmType': 'string' } },
        },
      },
    },
  },
};

/**
 * Writes `rows` valid customer records as one Parquet file (the way `prepare --format parquet`
 * writes a part), at `file`: already-valid XDM that can be uploaded without preparation.
 */
export async function writeParquetCustomers(file: string, rows: number, firstId = 0): Promise<void> {
  const dir = await mkdtemp(`${file}.tmp-`);
  const writer = new ParquetPartWriter(dir, Number.MAX_SAFE_INTEGER, CUSTOMER_FIELDS);
  for (let i = firstId + 1; i <= firstId + rows; i += 1) await writer.write(JSON.parse(customerRecord(i)) as Record<string, unknown>);
  const [part] = await writer.close(true);
  if (!part) throw new Error('no Parquet part was written');
  await rename(path.join(dir, part.file), file);
  await rm(dir, { recursive: true, force: true });
}

const DAY = 24 * 60 * 60 * 1000;

export type JournalEnding = 'success' | 'failed' | 'aborted' | 'none';

/**
 * A job folder with the journal a run of one batch leaves (`none`: interrupted), last written
 * `ageDays` ago; its input (`source`) is gone by default, which listing and retention do not need.
 */
export async function journalOf(root: string, name: string, ending: JournalEnding, ageDays: number, source = '/gone'): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  const part = { name: 'part-00001.json', path: '/gone/part-00001.json', bytes: 10, rows: 4, group: 0, chunkBytes: 0 };
  const lines: unknown[] = [
    {
      t: 'run',
      run: 1,
      key: name,
      source,
      datasetId: 'd',
      target: 'local|o|prod',
      format: 'json',
      parts: [part],
      groups: 1,
      at: new Date(Date.now() - ageDays * DAY).toISOString(),
    },
    { t: 'batch-creating', run: 1, group: 0, externalId: `e-${name}` },
    { t: 'batch-created', run: 1, group: 0, batchId: `b-${name}` },
  ];
  if (ending === 'success' || ending === 'failed')
    lines.push({
      t: 'batch-final',
      run: 1,
      group: 0,
      status: ending,
      recordsWritten: ending === 'success' ? 4 : 0,
      recordsFailed: ending === 'success' ? 0 : 4,
    });
  if (ending === 'aborted') lines.push({ t: 'batch-aborted', run: 1, group: 0 });
  const journal = path.join(dir, 'journal.jsonl');
  await writeFile(journal, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  await writeFile(path.join(dir, `batch-b-${name}.json`), '{}\n');
  const when = new Date(Date.now() - ageDays * DAY);
  await utimes(journal, when, when);
  return dir;
}
