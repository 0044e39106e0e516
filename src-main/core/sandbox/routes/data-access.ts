/**
 * Data Access routes (`/data/foundation/export`): a batch's dataset files, file downloads with
 * `Range` (206), failed records and error diagnostics (aep-notes §4).
 *
 * Listings use the `{ data, _page, _links }` shape with string `length`s, and the failed-record
 * folder carries a `_SUCCESS` marker of length 0, as AEP's does. Every listing pages with `start` and
 * `limit` (checked by the route schema). Links point at the origin the request came through (see
 * `request-origin.ts`), so they work behind a proxy.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { firstValues, queryValue } from '../http/schema-parts';
import { batchDataset } from '../batches';
import type { JsonObject } from '../json';
import { FileArea } from '../store/file-area';
import { readLineChunks } from '../processing/line-reader';
import { requestOrigin } from './request-origin';

/** Data Access previews the first 100 rows of a dataset (data-access.yaml). */
const PREVIEW_ROWS = 100;

/**
 * The most entries a listing answers, and its default: "By default, 100 dataset files are shown.
 * Additionally, 100 dataset files is the maximum number of files that can be returned in a single API
 * request" (data-access.yaml, the same for failed and meta files). Adobe documents a cap, not a
 * refusal, so a larger `limit` gets pages of 100, with `_links.next` to the rest.
 */
const MAX_PAGE = 100;

/** A listing's query: `start` (an offset) and `limit` (data-access.yaml types both as strings), and `path`. */
const LIST_QUERY = {
  type: 'object',
  properties: {
    start: queryValue('^[0-9]+$', 'an integer from 0'),
    limit: queryValue('^0*[1-9][0-9]*$', 'an integer from 1'),
    path: queryValue('', 'a file path'),
  },
};

/** `HEAD /files/{dataSetFileId}` reads one file: `path` is required there (data-access.yaml). */
const HEAD_QUERY = { ...LIST_QUERY, required: ['path'] };

/** The first values of a listing's query (`firstValues`). */
type ListQuery = Record<string, string | undefined>;

/** One page of `entries` and the query of the next page, if any. */
function pageOf<T>(entries: T[], q: ListQuery): { data: T[]; limit: number; next?: string } {
  const start = Number(q.start ?? 0);
  const limit = Math.min(Number(q.limit ?? MAX_PAGE), MAX_PAGE);
  const data = entries.slice(start, start + limit);
  return start + limit < entries.length ? { data, limit, next: `start=${start + limit}&limit=${limit}` } : { data, limit };
}

function notFound(what: string): ApiError {
  return new ApiError(404, '404', 'Not Found', `${what} was not found`);
}

/** Sends a file, honouring a single `Range: bytes=a-b` with 206. */
function sendFile(req: FastifyRequest, reply: FastifyReply, file: string, contentType: string): FastifyReply {
  const size = statSync(file).size;
  reply.header('accept-ranges', 'bytes').header('content-type', contentType);
  if (req.method === 'HEAD') return reply.header('content-length', String(size)).code(200).send();
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range && (range[1] !== '' || range[2] !== '')) {
    let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
    let end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    start = Math.max(0, start);
    if (start > end || start >= size) return reply.code(416).header('content-range', `bytes */${size}`).send();
    end = Math.max(start, end);
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${size}`)
      .header('content-length', String(end - start + 1))
      .send(createReadStream(file, { start, end }));
  }
  return reply.code(200).header('content-length', String(size)).send(createReadStream(file));
}

function listDir(dir: string): Array<{ name: string; length: number }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => ({ name: e.name, length: e.isDirectory() ? 0 : statSync(path.join(dir, e.name)).size, dir: e.isDirectory() }))
    .filter((e) => e.dir || e.length > 0)
    .map(({ name, length }) => ({ name, length }));
}

export function registerDataAccessRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const link = (req: FastifyRequest, p: string): { href: string } => ({ href: `${requestOrigin(req, ctx.origin())}${app.prefix}${p}` });
  /** A listing's answer: one page, its `_page`, and a link to the next page when there is one. */
  const listing = <T>(req: FastifyRequest, entries: T[], q: ListQuery, path: string, toItem: (entry: T) => JsonObject): JsonObject => {
    const page = pageOf(entries, q);
    const data = page.data.map(toItem);
    const sep = path.includes('?') ? '&' : '?';
    return { data, _page: { limit: page.limit, count: data.length }, _links: page.next === undefined ? {} : { next: link(req, `${path}${sep}${page.next}`) } };
  };

  const batchOf = (req: FastifyRequest<{ Params: { batchId: string } }>): JsonObject => {
    const b = ctx.docs.get<JsonObject>(req.sandboxName, 'batch', req.params.batchId);
    if (!b) throw notFound(`Batch ${req.params.batchId}`);
    return b;
  };

  app.get<{ Params: { batchId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    '/batches/:batchId/files',
    { schema: { querystring: LIST_QUERY } },
    async (req) => {
      batchOf(req);
      const all = ctx.docs.list<JsonObject>(req.sandboxName, 'datasetFile', req.params.batchId);
      return listing(req, all, firstValues(req.query), `/batches/${req.params.batchId}/files`, (f) => ({
        dataSetFileId: f.dataSetFileId ?? '',
        dataSetViewId: f.dataSetViewId ?? '',
        version: f.version ?? '1.0.0',
        created: f.created ?? '',
        updated: f.updated ?? '',
        records: f.records ?? '0',
        size: f.size ?? '0',
        isValid: true,
        _links: { self: link(req, `/files/${String(f.dataSetFileId)}`) },
      }));
    },
  );

  /** A folder's entries (`folder`, empty for the top) as a listing, each linking to itself as `?path=`. */
  const folderListing = (req: FastifyRequest, entries: Array<{ name: string; length: number }>, q: ListQuery, route: string, folder = ''): JsonObject => {
    const pathOf = (name: string): string => encodeURIComponent(folder === '' ? name : `${folder}/${name}`);
    const pages = folder === '' ? route : `${route}?path=${encodeURIComponent(folder)}`;
    return listing(req, entries, q, pages, (f) => ({ name: f.name, length: String(f.length), _links: { self: link(req, `${route}?path=${pathOf(f.name)}`) } }));
  };

  const fileRoute = async (
    req: FastifyRequest<{ Params: { fileId: string }; Querystring: Record<string, string | string[] | undefined> }>,
    reply: FastifyReply,
  ): Promise<unknown> => {
    const file = ctx.docs.get<JsonObject>(req.sandboxName, 'datasetFile', req.params.fileId);
    if (!file) throw notFound(`File ${req.params.fileId}`);
    const batchId = String(file.batchId);
    const dir = ctx.files.outputDir(req.sandboxName, batchId);
    const q = firstValues(req.query);
    const name = q.path;
    if (name !== undefined) {
      const full = path.join(dir, name);
      if (!FileArea.isSafeName(name) || !existsSync(full)) throw notFound(`Path ${name}`);
      return sendFile(req, reply, full, 'application/octet-stream');
    }
    return folderListing(req, listDir(dir), q, `/files/${req.params.fileId}`);
  };
  // Declared before the GET, so fastify adds no HEAD of its own to it.
  app.head('/files/:fileId', { schema: { querystring: HEAD_QUERY } }, fileRoute);
  app.get('/files/:fileId', { schema: { querystring: LIST_QUERY } }, fileRoute);

  app.get<{ Params: { batchId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    '/batches/:batchId/failed',
    { schema: { querystring: LIST_QUERY } },
    async (req, reply) => {
      const batch = batchOf(req);
      const dir = ctx.files.failedDir(req.sandboxName, req.params.batchId);
      const q = firstValues(req.query);
      const name = q.path;
      if (name === '_SUCCESS' && ['success', 'failed'].includes(String(batch.status)))
        return reply.code(200).header('content-type', 'application/octet-stream').send('');
      if (name !== undefined) {
        const full = path.join(dir, name);
        if (!FileArea.isSafeName(name) || !existsSync(full)) throw notFound(`Path ${name}`);
        return sendFile(req, reply, full, 'application/octet-stream');
      }
      const entries = ['success', 'failed'].includes(String(batch.status)) ? [{ name: '_SUCCESS', length: 0 }, ...listDir(dir)] : listDir(dir);
      return folderListing(req, entries, q, `/batches/${req.params.batchId}/failed`);
    },
  );

  app.get<{ Params: { batchId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    '/batches/:batchId/meta',
    { schema: { querystring: LIST_QUERY } },
    async (req, reply) => {
      batchOf(req);
      const root = ctx.files.metaDir(req.sandboxName, req.params.batchId);
      const q = firstValues(req.query);
      const p = q.path ?? '';
      if (p !== '' && !FileArea.isSafeName(p)) throw notFound(`Path ${p}`);
      const full = p === '' ? root : path.join(root, p);
      if (!existsSync(full)) throw notFound(`Path ${p}`);
      if (statSync(full).isFile()) return sendFile(req, reply, full, 'application/octet-stream');
      return folderListing(req, listDir(full), q, `/batches/${req.params.batchId}/meta`, p);
    },
  );

  app.get<{ Params: { id: string } }>('/datasets/:id/preview', async (req) => {
    if (!ctx.docs.get(req.sandboxName, 'dataset', req.params.id)) throw notFound(`Dataset ${req.params.id}`);
    const data: JsonObject[] = [];
    const batches = ctx.docs.list<JsonObject>(req.sandboxName, 'batch').filter((b) => b.status === 'success' && batchDataset(b) === req.params.id);
    reading: for (const b of batches) {
      for (const f of ctx.docs.list<JsonObject>(req.sandboxName, 'datasetFile', String(b.id))) {
        const file = path.join(ctx.files.outputDir(req.sandboxName, String(b.id)), String(f.name));
        if (!existsSync(file)) continue;
        for await (const lines of readLineChunks(file)) {
          for (const line of lines) {
            if (data.length >= PREVIEW_ROWS) break reading;
            if (line !== '') data.push(JSON.parse(line) as JsonObject);
          }
        }
      }
    }
    return { data };
  });
}
