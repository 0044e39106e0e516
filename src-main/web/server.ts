import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import Fastify from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { WebSocketServer } from 'ws';
import { AppError, isAppError } from '../../src-shared/domain/errors';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { MainServices } from '../host/compose';
import { SECURITY_HEADERS } from '../host/csp';
import type { RequestContext } from '../ipc/context';
import { hostAllowed, originAllowed, TOKEN_HEADER, createToken, tokenMatches } from './guard';
import { resolveStaticFile } from '../host/renderer-files';
import { listLocalUploads } from '../core/jobs/upload/index';
import { parseModifiedTime, sanitizeUploadName, UploadStore } from './uploads';
import { uploadOrigin } from '../core/files/file-registry';
import type { ServerMessage } from '../../src-shared/ipc/ws-protocol';
import { ClientMessage, WS_PATH, closeCodes } from '../../src-shared/ipc/ws-protocol';

export interface WebServerOptions {
  services: Pick<MainServices, 'router' | 'events' | 'files' | 'dataDir' | 'downloads'>;
  /** The Vite build of the renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Where unexpected failures are logged (stderr by default). */
  logError?: (message: string, error: unknown) => void;
  /**
   * The access token, when the caller chose it (`npm run dev` keeps one across restarts of this
   * server, so an open page keeps working); a fresh random one otherwise.
   */
  token?: string;
}

export interface WebServer {
  /** `http://127.0.0.1:PORT/#token=TOKEN`: what the user (or a test) opens. */
  url: string;
  /** `http://127.0.0.1:PORT`, without the token. */
  origin: string;
  port: number;
  token: string;
  /** Closes sockets and the listener and removes this run's uploads; the services stay up. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Largest WebSocket frame accepted: requests are small; files travel over POST /files. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/**
 * Browser mode: the renderer build and the router, on loopback, behind a per-run token.
 * Why: the same UI and the same handlers as the Electron app, for machines without the
 * Electron binary and for the Playwright tests, with the security the app has: strict CSP,
 * loopback only, own Host/Origin only, and a token no other page can know.
 */
/** Age after which an earlier run's dropped files are removed at start (when no job needs them). */
const STALE_UPLOAD_MS = 24 * 60 * 60_000;

/** Whether an unfinished upload job reads its input from `dir` (a dropped file sent as it is). */
async function unfinishedUploadReads(jobsDir: string, dir: string): Promise<boolean> {
  const inside = (file: string): boolean => !path.relative(dir, file).startsWith('..') && !path.isAbsolute(path.relative(dir, file));
  return (await listLocalUploads(jobsDir)).some((u) => u.outcome !== 'succeeded' && u.outcome !== 'failed' && inside(u.input));
}

export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const { services, rendererDir } = options;
  const logError = options.logError ?? ((message, error) => console.error(`[web] ${message}`, error));
  const token = options.token ?? createToken();
  const uploads = new UploadStore(services.dataDir);
  // Dropped files an earlier run left behind (a crash skips close): gone after a day, unless in use.
  await uploads
    .sweep({ maxAgeMs: STALE_UPLOAD_MS, inUse: (dir) => unfinishedUploadReads(path.join(services.dataDir, 'jobs'), dir) })
    .catch((error: unknown) => logError('could not remove stale dropped files', error));
  let port = options.port;

  const app = Fastify({ logger: false, forceCloseConnections: true });

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (!hostAllowed(request.headers.host, port)) {
      return reply.code(421).type('text/plain; charset=utf-8').send('This server answers only to its own loopback address.');
    }
  });

  // Uploads are read as a raw stream by the route itself: nothing is parsed or buffered.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.post('/files', async (request, reply) => {
    const refusal = checkOrigin(request.headers.origin) ?? checkToken(request.headers[TOKEN_HEADER]);
    if (refusal) return reply.code(refusal.status).send({ error: refusal.error });
    try {
      const query = request.query as Record<string, unknown>;
      const name = sanitizeUploadName(query['name']);
      const saved = await uploads.save(name, request.raw, parseModifiedTime(query['modified']));
      const registered = await services.files.register(saved.path, name, { origin: uploadOrigin(name) });
      return reply.code(201).send(registered);
    } catch (error) {
      if (isAppError(error)) return reply.code(error.code === 'INVALID_INPUT' ? 400 : 422).send({ error: error.toShape() });
      logError('upload failed', error);
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'The upload failed inside XDM Loader.' } });
    }
  });

  // A job's file, by a one-time ticket `results.open` minted over the token-checked socket (a plain
  // link cannot carry the token header). A foreign Origin or a cross-site fetch is refused as well.
  app.get('/results/:ticket', async (request, reply) => {
    const refusal = checkOrigin(request.headers.origin) ?? checkFetchSite(request.headers['sec-fetch-site']);
    if (refusal) return reply.code(refusal.status).send({ error: refusal.error });
    const { ticket } = request.params as { ticket: string };
    const file = services.downloads.redeem(ticket);
    if (!file)
      return reply.code(404).type('text/plain; charset=utf-8').send('This download link was used already or has expired: ask for it again in the app.');
    const info = await stat(file.path).catch(() => undefined);
    if (!info?.isFile()) return reply.code(404).type('text/plain; charset=utf-8').send('The file is no longer there.');
    reply.header('cache-control', 'no-store');
    reply.header('content-length', info.size);
    reply.header('content-disposition', contentDisposition(file.fileName));
    return reply.type('application/octet-stream').send(createReadStream(file.path));
  });

  app.get('/*', async (request, reply) => {
    const pathname = new URL(request.raw.url ?? '/', 'http://127.0.0.1').pathname;
    const file = await resolveStaticFile(rendererDir, pathname);
    if (!file) return reply.code(404).type('text/plain; charset=utf-8').send('Not found.');
    const isHtml = file.contentType.startsWith('text/html');
    reply.header('cache-control', isHtml ? 'no-store' : 'no-cache');
    reply.header('content-length', file.size);
    return reply.type(file.contentType).send(createReadStream(file.path));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('connection', (socket) => serveSocket(socket));

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal =
      url.pathname !== WS_PATH
        ? { status: 404, reason: 'There is no WebSocket endpoint here.' }
        : !hostAllowed(request.headers.host, port)
          ? { status: 421, reason: 'This server answers only to its own loopback address.' }
          : !originAllowed(request.headers.origin, port)
            ? { status: 403, reason: "WebSocket connections are accepted only from this server's own page." }
            : !tokenMatches(token, url.searchParams.get('token'))
              ? { status: 401, reason: 'Missing or wrong token: open the URL XDM Loader printed, with its #token.' }
              : null;
    if (refusal) {
      refuseUpgrade(socket, refusal.status, refusal.reason);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  function checkOrigin(origin: string | undefined): { status: number; error: AppErrorShape } | null {
    if (originAllowed(origin, port)) return null;
    return { status: 403, error: { code: 'FORBIDDEN', message: "Uploads are accepted only from this server's own page." } };
  }

  function checkFetchSite(site: string | string[] | undefined): { status: number; error: AppErrorShape } | null {
    if (site === undefined || site === 'same-origin' || site === 'none') return null;
    return { status: 403, error: { code: 'FORBIDDEN', message: "Downloads are served only to this server's own page." } };
  }

  function checkToken(given: unknown): { status: number; error: AppErrorShape } | null {
    if (tokenMatches(token, given)) return null;
    return { status: 401, error: { code: 'UNAUTHORIZED', message: `Missing or wrong ${TOKEN_HEADER} header.` } };
  }

  function serveSocket(socket: WebSocket): void {
    const abort = new AbortController();
    const ctx: RequestContext = { transport: 'websocket', signal: abort.signal };
    const send = (message: ServerMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribe = services.events.subscribe((event) => send({ type: 'event', event }));
    socket.on('close', () => {
      unsubscribe();
      abort.abort(new AppError('CANCELLED', 'The page closed its connection.'));
    });
    socket.on('error', (error) => logError('socket error', error));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        socket.close(closeCodes.binary, 'Binary frames are not accepted.');
        return;
      }
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(rawToString(data));
      } catch {
        socket.close(closeCodes.malformed, 'Malformed message: not JSON.');
        return;
      }
      const message = ClientMessage.safeParse(parsedJson);
      if (!message.success) {
        socket.close(closeCodes.malformed, 'Malformed message: expected {id, type:"request", name, input}.');
        return;
      }
      const { id, name, input } = message.data;
      services.router.handle(name, input, ctx).then(
        (envelope) => send({ id, type: 'reply', envelope }),
        (error: unknown) => {
          // The router turns every failure into an envelope; reaching here is a router bug.
          logError(`router threw for ${name}`, error);
          send({ id, type: 'reply', envelope: { ok: false, error: { code: 'INTERNAL', message: 'The request failed inside XDM Loader.' } } });
        },
      );
    });
  }

  await app.listen({ host: HOST, port: options.port });
  port = (app.server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.close(closeCodes.shutdown, 'XDM Loader is shutting down.');
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        for (const client of wss.clients) client.terminate();
        await app.close();
        await uploads.clear();
      })();
      return closing;
    },
  };
}

/** `attachment` with the name as ASCII and as UTF-8 (RFC 6266), so any file name arrives whole. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Answers a refused upgrade with a plain HTTP status and reason, then hangs up. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' };
  const body = `${reason}\n`;
  // Destroy only once the answer is flushed, so the client can read the status and reason.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Refused'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}
