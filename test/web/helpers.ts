import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { SocketFactory } from '../../src-renderer/bridge/websocket-bridge';

/** A throwaway renderer build, with a secret next to it that must never be served. */
export async function makeRendererDir(): Promise<{ base: string; rendererDir: string; dataDir: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'xdm-web-'));
  const rendererDir = path.join(base, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>XDM Loader</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
  return { base, rendererDir, dataDir: path.join(base, 'data') };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with the path sent byte for byte (fetch would normalize `..` away). */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(options.body);
  });
}

export type SocketOutcome = { kind: 'open'; socket: WebSocket } | { kind: 'refused'; status: number; body: string };

/** Opens a `ws` client and reports whether the server accepted the upgrade. */
export function openSocket(url: string, origin?: string): Promise<SocketOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve({ kind: 'open', socket }));
    socket.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ kind: 'refused', status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Collects every JSON message a socket receives. */
export function collect(socket: WebSocket): unknown[] {
  const messages: unknown[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  return messages;
}

/** Waits until `predicate` holds over the received messages. */
export async function waitFor<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A SocketFactory over the `ws` package, for running the renderer's bridge in Node. */
export function wsSocketFactory(origin: string): SocketFactory {
  return (url, handlers) => {
    const socket = new WebSocket(url, { origin });
    socket.on('open', () => handlers.open());
    socket.on('message', (data) => handlers.message(String(data)));
    socket.on('close', (code, reason) => handlers.close(code, reason.toString()));
    socket.on('error', () => undefined);
    return socket;
  };
}
