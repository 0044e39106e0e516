import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent, AppInfo } from '../../src-shared/ipc/contract';
import type { Handlers } from '../../src-shared/ipc/handlers';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import type { RequestContext } from '../../src-main/ipc/context';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/csp';
import { EventHub } from '../../src-main/ipc/event-hub';
import { DownloadTickets } from '../../src-main/ipc/download-tickets';
import { createRouter } from '../../src-main/ipc/router';
import type { WebServer } from '../../src-main/web/server';
import { createWebServer } from '../../src-main/web/server';
import { collect, makeRendererDir, openSocket, rawRequest, waitFor } from './helpers';
import { unhandledRequests } from '../ipc/unhandled-requests';

/**
 * The browser-mode server with a handler table of the test's own: these tests are about the
 * transport (static files, CSP, token, origin, framing, uploads), not about inspection.
 */
let base: string;
let dataDir: string;
let server: WebServer;
let files: FileRegistry;
let events: EventHub;
let seenSignals: AbortSignal[];

const info: AppInfo = { name: 'XDM Loader', version: '9.9.9', mode: 'browser', platform: 'linux', dataDir: '/data' };

beforeEach(async () => {
  const dirs = await makeRendererDir();
  base = dirs.base;
  dataDir = dirs.dataDir;
  files = new FileRegistry();
  events = new EventHub();
  seenSignals = [];
  const handlers: Handlers<RequestContext> = {
    ...unhandledRequests<RequestContext>(),
    'app.info': async (_input, ctx) => {
      if (ctx.signal) seenSignals.push(ctx.signal);
      expect(ctx.transport).toBe('websocket');
      return info;
    },
    'files.inspect': async ({ fileRef }) => {
      const file = files.resolve(fileRef);
      throw new AppError('FILE_MALFORMED', `${file.name} is malformed at line 3.`, { file: file.name, line: 3 });
    },
  };
  server = await createWebServer({
    services: { router: createRouter(handlers, { logError: () => undefined }), events, files, dataDir, downloads: new DownloadTickets() },
    rendererDir: dirs.rendererDir,
    port: 0,
  });
});

afterEach(async () => {
  await server.close();
  await rm(base, { recursive: true, force: true });
});

const wsUrl = (token: string | null): string => `ws://127.0.0.1:${server.port}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;

async function connect(): Promise<WebSocket> {
  const outcome = await openSocket(wsUrl(server.token), server.origin);
  if (outcome.kind !== 'open') throw new Error(`refused: ${outcome.status}`);
  return outcome.socket;
}

describe('browser-mode server: static files', () => {
  it('listens on loopback and prints a URL carrying the token in the fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves index.html at / with the strict CSP and security headers', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toContain('<title>XDM Loader</title>');
  });

  it('serves assets with their MIME types and the CSP, and 404s the rest', async () => {
    const js = await fetch(`${server.origin}/assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const css = await fetch(`${server.origin}/assets/app.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${server.origin}/assets/nope.js`)).status).toBe(404);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2e%2e/secret.txt', '/..%5csecret.txt'])(
    'refuses path traversal %s',
    async (requestPath) => {
      const response = await rawRequest(server.port, { path: requestPath, headers: { host: `127.0.0.1:${server.port}` } });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('TOP SECRET');
    },
  );

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const response = await rawRequest(server.port, { path: '/', headers: { host: `evil.example:${server.port}` } });
    expect(response.status).toBe(421);
  });
});

describe('browser-mode server: WebSocket guard', () => {
  it('refuses an upgrade without a token', async () => {
    const outcome = await openSocket(wsUrl(null), server.origin);
    expect(outcome).toMatchObject({ kind: 'refused', status: 401, body: expect.stringContaining('token') });
  });

  it('refuses an upgrade with a wrong token', async () => {
    // Another last character than the real one (a fixed 'A' was the real one once in 64 runs).
    const wrong = `${server.token.slice(0, -1)}${server.token.endsWith('A') ? 'B' : 'A'}`;
    const outcome = await openSocket(wsUrl(wrong), server.origin);
    expect(outcome).toMatchObject({ kind: 'refused', status: 401 });
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const outcome = await openSocket(wsUrl(server.token), 'http://evil.example');
    expect(outcome).toMatchObject({ kind: 'refused', status: 403, body: expect.stringContaining('own page') });
  });

  it('refuses other upgrade paths', async () => {
    const outcome = await openSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, server.origin);
    expect(outcome).toMatchObject({ kind: 'refused', status: 404 });
  });
});

describe('browser-mode server: router over WebSocket', () => {
  it('round-trips requests through the router', async () => {
    const socket = await connect();
    const messages = collect(socket);
    socket.send(JSON.stringify({ id: 1, type: 'request', name: 'app.info', input: {} }));
    socket.send(JSON.stringify({ id: 'two', type: 'request', name: 'files.nope', input: {} }));
    socket.send(JSON.stringify({ id: 3, type: 'request', name: 'files.inspect', input: { fileRef: 'bad' } }));
    await waitFor(() => (messages.length >= 3 ? true : undefined));
    const byId = new Map(messages.map((message) => [(message as { id: unknown }).id, message]));
    expect(byId.get(1)).toEqual({ id: 1, type: 'reply', envelope: { ok: true, value: info } });
    expect(byId.get('two')).toMatchObject({ type: 'reply', envelope: { ok: false, error: { code: 'UNKNOWN_REQUEST' } } });
    expect(byId.get(3)).toMatchObject({ type: 'reply', envelope: { ok: false, error: { code: 'INVALID_INPUT', where: { field: 'fileRef' } } } });
    socket.close();
  });

  it('pushes events to every connected page and stops after it disconnects', async () => {
    const first = await connect();
    const second = await connect();
    const firstMessages = collect(first);
    const secondMessages = collect(second);
    const event: AppEvent = { type: 'file.opened', file: { fileRef: 'f_abcdefgh12', name: 'a.csv', size: 1 } };
    events.emit(event);
    await waitFor(() => (firstMessages.length && secondMessages.length ? true : undefined));
    expect(firstMessages).toEqual([{ type: 'event', event }]);
    expect(secondMessages).toEqual([{ type: 'event', event }]);
    expect(events.listenerCount).toBe(2);
    first.close();
    second.close();
    await waitFor(() => (events.listenerCount === 0 ? true : undefined));
  });

  it('aborts the request context when the page goes away', async () => {
    const socket = await connect();
    const messages = collect(socket);
    socket.send(JSON.stringify({ id: 1, type: 'request', name: 'app.info', input: {} }));
    await waitFor(() => (messages.length ? true : undefined));
    expect(seenSignals[0]?.aborted).toBe(false);
    socket.close();
    await waitFor(() => (seenSignals[0]?.aborted ? true : undefined));
  });

  it('answers an input nested 100,000 levels deep with INVALID_INPUT and stays up', async () => {
    const socket = await connect();
    const messages = collect(socket);
    socket.send(`{"id":1,"type":"request","name":"app.info","input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    socket.send(JSON.stringify({ id: 2, type: 'request', name: 'app.info', input: {} }));
    await waitFor(() => (messages.length >= 2 ? true : undefined));
    const byId = new Map(messages.map((message) => [(message as { id: unknown }).id, message]));
    expect(byId.get(1)).toMatchObject({
      type: 'reply',
      envelope: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('nested deeper than') as string } },
    });
    expect(byId.get(2)).toEqual({ id: 2, type: 'reply', envelope: { ok: true, value: info } });
    socket.close();
  });

  it('closes the socket with a clear reason on a malformed frame', async () => {
    const socket = await connect();
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    socket.send(JSON.stringify({ type: 'request', name: 'app.info' }));
    expect(await closed).toEqual({ code: 1008, reason: expect.stringContaining('Malformed message') });
  });
});

describe('browser-mode server: uploads', () => {
  it('refuses an upload without the token header or from a foreign origin', async () => {
    const noToken = await fetch(`${server.origin}/files?name=a.csv`, { method: 'POST', body: 'x' });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const foreign = await rawRequest(server.port, {
      method: 'POST',
      path: '/files?name=a.csv',
      headers: { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example', 'x-xdm-token': server.token },
      body: 'x',
    });
    expect(foreign.status).toBe(403);
    expect(files.size).toBe(0);
    expect(existsSync(path.join(dataDir, 'uploads'))).toBe(false);
  });

  it("streams the body to a temp file under the data dir and registers it under the user's name", async () => {
    const body = `id,email\n${Array.from({ length: 5000 }, (_, i) => `${i},user${i}@example.com`).join('\n')}\n`;
    const response = await fetch(`${server.origin}/files?name=${encodeURIComponent('../../Customers 2024.csv')}`, {
      method: 'POST',
      body,
      headers: { 'x-xdm-token': server.token },
    });
    expect(response.status).toBe(201);
    const registered = (await response.json()) as { fileRef: string; name: string; size: number };
    expect(registered).toMatchObject({ name: 'Customers 2024.csv', size: Buffer.byteLength(body) });
    const stored = files.resolve(registered.fileRef);
    expect(stored.path.startsWith(path.join(dataDir, 'uploads') + path.sep)).toBe(true);
    expect(path.basename(stored.path)).toBe('Customers 2024.csv');
    expect(await readFile(stored.path, 'utf8')).toBe(body);

    // Errors name the user's file, and the temp copy goes when the server closes.
    const socket = await connect();
    const messages = collect(socket);
    socket.send(JSON.stringify({ id: 1, type: 'request', name: 'files.inspect', input: { fileRef: registered.fileRef } }));
    await waitFor(() => (messages.length ? true : undefined));
    expect(messages[0]).toMatchObject({ envelope: { ok: false, error: { code: 'FILE_MALFORMED', where: { file: 'Customers 2024.csv' } } } });
    socket.close();
    await server.close();
    expect(await readdir(path.join(dataDir, 'uploads'))).toEqual([]);
  });

  it('dates the copy with the time the browser reported, and keeps the file known by its name', async () => {
    const modified = Date.UTC(2025, 1, 3, 4, 5, 6, 789);
    const send = (query: string) =>
      fetch(`${server.origin}/files?name=people.csv${query}`, { method: 'POST', body: 'email\n', headers: { 'x-xdm-token': server.token } }).then(
        async (response) => files.resolve(((await response.json()) as { fileRef: string }).fileRef),
      );
    const dated = await send(`&modified=${modified}`);
    expect(Math.round(statSync(dated.path).mtimeMs)).toBe(modified);
    // Two drops of one file: two copies, one origin (what drafts and recent files are kept by).
    const again = await send(`&modified=${modified}`);
    expect(again.path).not.toBe(dated.path);
    expect(again.origin).toBe(dated.origin);
    // No time, or no plausible one: the copy keeps its own.
    for (const query of ['', '&modified=soon', '&modified=-5']) {
      const undated = await send(query);
      expect(Math.abs(statSync(undated.path).mtimeMs - Date.now())).toBeLessThan(60_000);
    }
  });

  it('accepts a body without a content type and refuses a missing name', async () => {
    const noType = await rawRequest(server.port, {
      method: 'POST',
      path: '/files?name=raw.bin',
      headers: { host: `127.0.0.1:${server.port}`, 'x-xdm-token': server.token, 'content-length': '3' },
      body: 'abc',
    });
    expect(noType.status).toBe(201);
    expect(JSON.parse(noType.body)).toMatchObject({ name: 'raw.bin', size: 3 });
    const noName = await fetch(`${server.origin}/files`, { method: 'POST', body: 'x', headers: { 'x-xdm-token': server.token } });
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ error: { code: 'INVALID_INPUT', where: { field: 'name' } } });
  });

  /** Size of the one upload in progress, 0 while it has no file yet. */
  function partialUploadSize(): number {
    const uploadRoot = path.join(dataDir, 'uploads');
    if (!existsSync(uploadRoot)) return 0;
    for (const run of readdirSync(uploadRoot)) {
      for (const upload of readdirSync(path.join(uploadRoot, run))) {
        const file = path.join(uploadRoot, run, upload, 'big.csv');
        if (existsSync(file)) return statSync(file).size;
      }
    }
    return 0;
  }

  it('does not buffer the upload: bytes reach the disk while the body is still arriving', async () => {
    const register = vi.spyOn(files, 'register');
    const chunk = Buffer.alloc(256 * 1024, 97);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 8) {
          controller.close();
          return;
        }
        if (sent === 4) {
          // Half the body is sent and the rest is held back: its bytes must already be on disk.
          const bytes = await waitFor(() => {
            const size = partialUploadSize();
            return size > 0 ? size : undefined;
          });
          expect(bytes).toBeGreaterThan(0);
        }
        controller.enqueue(chunk);
        sent += 1;
      },
    });
    const response = await fetch(`${server.origin}/files?name=big.csv`, {
      method: 'POST',
      body: stream,
      headers: { 'x-xdm-token': server.token },
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { size: number }).size).toBe(8 * chunk.length);
    expect(register).toHaveBeenCalledOnce();
  });
});
