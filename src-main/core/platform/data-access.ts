import { z } from 'zod';
import { aepServices } from './aep-services';
import { wireNumber } from './wire-number';
import type { PlatformClient } from './platform-client';

/**
 * Data Access calls: a batch's files, failed records and error diagnostics (aep-notes §4).
 * Why numbers are read leniently: the spec types `length`, `records` and `size` as strings, and the
 * guide's own example answers `"length": "{LENGTH}"` (see wire-number.ts).
 */
const base = aepServices.dataAccess.basePath;

const Links = z
  .object({ self: z.object({ href: z.string() }).loose().optional() })
  .loose()
  .optional();

const DatasetFile = z
  .object({
    dataSetFileId: z.string(),
    dataSetViewId: z.string().optional(),
    records: wireNumber.optional(),
    size: wireNumber.optional(),
    isValid: z.boolean().optional(),
    _links: Links,
  })
  .loose();
export type DatasetFile = z.infer<typeof DatasetFile>;

const NamedFile = z.object({ name: z.string(), length: wireNumber.optional(), _links: Links }).loose();
export type NamedFile = z.infer<typeof NamedFile>;

const Page = <S extends z.ZodType>(item: S) =>
  z.object({
    data: z.array(item),
    _page: z.object({ limit: z.number().optional(), count: z.number().optional() }).loose().optional(),
    _links: z
      .object({ next: z.object({ href: z.string() }).loose().optional() })
      .loose()
      .optional(),
  });

/** Pages through a `{data, _page}` listing 100 at a time. */
async function listAll<S extends z.ZodType>(client: PlatformClient, item: S, path: string, query: Record<string, string>, signal?: AbortSignal) {
  const all: Array<z.output<S>> = [];
  for (let start = 0; ; start += 100) {
    const page = await client.json(Page(item), { method: 'GET', path, query: { ...query, start, limit: 100 }, idempotent: true, signal });
    all.push(...page.data);
    if (page.data.length < 100) return all;
  }
}

/** The files of a successful batch. */
export function listBatchFiles(client: PlatformClient, batchId: string, signal?: AbortSignal): Promise<DatasetFile[]> {
  return listAll(client, DatasetFile, `${base}/batches/${encodeURIComponent(batchId)}/files`, {}, signal);
}

/** The failed-record files of a batch; the zero-length `_SUCCESS` marker is left out. */
export async function listFailedFiles(client: PlatformClient, batchId: string, signal?: AbortSignal): Promise<NamedFile[]> {
  const files = await listAll(client, NamedFile, `${base}/batches/${encodeURIComponent(batchId)}/failed`, {}, signal);
  return files.filter((f) => f.name !== '_SUCCESS');
}

/** Failed-record files can be gigabytes: give their transfer as long as an upload's. */
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * Downloads one failed-record file (JSON Lines with `_validationErrors` / `_errors`) to `file`.
 * Streamed to disk, never held in memory; `file` appears only once the download is complete
 * (a cut one leaves nothing under that name), so a file found there can be trusted whole.
 */
export async function downloadFailedFile(client: PlatformClient, batchId: string, name: string, file: string, signal?: AbortSignal): Promise<void> {
  await client.download(
    {
      method: 'GET',
      path: `${base}/batches/${encodeURIComponent(batchId)}/failed`,
      query: { path: name },
      headers: { accept: '*/*' },
      idempotent: true,
      signal,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
    },
    file,
  );
}

/** Error diagnostics of a batch: `row_errors` lists files, `row_errors/<file>` is their content. */
export async function getBatchMeta(client: PlatformClient, batchId: string, path: string, signal?: AbortSignal): Promise<string> {
  const response = await client.send({
    method: 'GET',
    path: `${base}/batches/${encodeURIComponent(batchId)}/meta`,
    query: { path },
    headers: { accept: '*/*' },
    idempotent: true,
    signal,
  });
  return response.text;
}

/** The entries of a dataset file (one file or a directory of them). */
export function listFileEntries(client: PlatformClient, dataSetFileId: string, signal?: AbortSignal): Promise<NamedFile[]> {
  return listAll(client, NamedFile, `${base}/files/${encodeURIComponent(dataSetFileId)}`, {}, signal);
}

/** The bytes of one entry of a dataset file, optionally a byte range (answered 206). */
export async function downloadFileEntry(
  client: PlatformClient,
  dataSetFileId: string,
  name: string,
  options: { range?: { start: number; end: number }; signal?: AbortSignal } = {},
): Promise<string> {
  const response = await client.send({
    method: 'GET',
    path: `${base}/files/${encodeURIComponent(dataSetFileId)}`,
    query: { path: name },
    headers: { accept: '*/*', ...(options.range ? { range: `bytes=${options.range.start}-${options.range.end - 1}` } : {}) },
    idempotent: true,
    signal: options.signal,
  });
  return response.text;
}
