/**
 * Data Access routes (`/data/foundation/export`): a batch's dataset files, file downloads with
 * `Range` (206), failed records and error diagnostics (aep-notes §4).
 *
 * Listings use the `{ data, _page, _links }` shape with string `length`s, and the failed-record
 * folder carries a `_SUCCESS` marker of length 0, as AEP's does. Links point at the origin the request
 * came through (see `request-origin.ts`), so they work behind a proxy.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { batchDataset } from '../batches';
import type { JsonObject } from '../json';
import { FileArea } from '../store/file-area';
import { readLineChunks } from '../processing/line-reader';
import { requestOrigin } from './request-origin';


/** Data Access previews the first 100 rows of a dataset (data-access.yaml). */
const PREVIEW_ROWS = 100;

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
  const page = (count: number, limit = 100): JsonObject => ({ limit, count });

  const batchOf = (req: FastifyRequest<{ Params: { batchId: string } }>): JsonObject => {
    const b = ctx.docs.get<JsonObject>(req.sandboxName, 'batch', req.params.batchId);
    if (!b) throw notFound(`Batch ${req.params.batchId}`);
    return b;
  };

  app.get<{ Params: { batchId: string }; Querystring: { start?: string; limit?: string } }>('/batches/:batchId/files', async (req) => {
    batchOf(req);
    const start = Number(req.query.start ?? 0) || 0;
    const limit = Math.min(Math.max(Number(req.query.limit ?? 100) || 100, 1), 100);
    const all = ctx.docs.list<JsonObject>(req.sandboxName, 'datasetFile', req.params.batchId);
    const data = all.slice(start, start + limit).map((f) => ({
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
    const more = start + limit < all.length;
    return { data, _page: page(data.length, limit), _links: more ? { next: link(req, `/batches/${req.params.batchId}/files?start=${start + limit}&limit=${limit}`) } : {} };
  });

  const fileRoute = async (req: FastifyRequest<{ Params: { fileId: string }; Querystring: { path?: string } }>, reply: FastifyReply): Promise<unknown> => {
    const file = ctx.docs.get<JsonObject>(req.sandboxName, 'datasetFile', req.params.fileId);
    if (!file) throw notFound(`File ${req.params.fileId}`);
    const batchId = String(file.batchId);
    const dir = ctx.files.outputDir(req.sandboxName, batchId);
    const name = req.query.path;
    if (name !== undefined) {
      const full = path.join(dir, name);
      if (!FileArea.isSafeName(name) || !existsSync(full)) throw notFound(`Path ${name}`);
      return sendFile(req, reply, full, 'application/octet-stream');
    }
    if (req.method === 'HEAD') throw new ApiError(400, '400', 'Bad Request', 'HEAD needs the path parameter');
    const data = listDir(dir).map((f) => ({ name: f.name, length: String(f.length), _links: { self: link(req, `/files/${req.params.fileId}?path=${encodeURIComponent(f.name)}`) } }));
    return { data, _page: page(data.length) };
  };
  app.get('/files/:fileId', fileRoute);

  app.get<{ Params: { batchId: string }; Querystring: { path?: string } }>('/batches/:batchId/failed', async (req, reply) => {
    const batch = batchOf(req);
    const dir = ctx.files.failedDir(req.sandboxName, req.params.batchId);
    const name = req.query.path;
    if (name === '_SUCCESS' && ['success', 'failed'].includes(String(batch.status))) return reply.code(200).header('content-type', 'application/octet-stream').send('');
    if (name !== undefined) {
      const full = path.join(dir, name);
      if (!FileArea.isSafeName(name) || !existsSync(full)) throw notFound(`Path ${name}`);
      return sendFile(req, reply, full, 'application/octet-stream');
    }
    const entries = ['success', 'failed'].includes(String(batch.status)) ? [{ name: '_SUCCESS', length: 0 }, ...listDir(dir)] : listDir(dir);
    const data = entries.map((f) => ({ name: f.name, length: String(f.length), _links: { self: link(req, `/batches/${req.params.batchId}/failed?path=${encodeURIComponent(f.name)}`) } }));
    return { data, _page: page(data.length) };
  });

  app.get<{ Params: { batchId: string }; Querystring: { path?: string } }>('/batches/:batchId/meta', async (req, reply) => {
    batchOf(req);
    const root = ctx.files.metaDir(req.sandboxName, req.params.batchId);
    const p = req.query.path ?? '';
    if (p !== '' && !FileArea.isSafeName(p)) throw notFound(`Path ${p}`);
    const full = p === '' ? root : path.join(root, p);
    if (!existsSync(full)) throw notFound(`Path ${p}`);
    if (statSync(full).isFile()) return sendFile(req, reply, full, 'application/octet-stream');
    const data = listDir(full).map((f) => ({
      name: f.name,
      length: String(f.length),
      _links: { self: link(req, `/batches/${req.params.batchId}/meta?path=${encodeURIComponent(p === '' ? f.name : `${p}/${f.name}`)}`) },
    }));
    return { data, _page: page(data.length) };
  });

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
