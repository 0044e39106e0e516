import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatformClient, type PlatformClient, type PlatformClientOptions, type PlatformTarget } from '../../../src-main/core/platform/platform-client';
import { createTokenProvider, type TokenProvider } from '../../../src-main/core/platform/ims-token';
import type { LogFields, Logger } from '../../../src-main/core/platform/logger';
import type { RetryPolicy } from '../../../src-main/core/platform/retry-policy';

/**
 * A small loopback server that answers like AEP with canned responses, for client-side tests.
 * Why our own and not the Local sandbox: retries, Retry-After and token renewal need exact,
 * scripted sequences (fail twice, then succeed) that a faithful emulator does not produce on demand.
 */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: string } | 'drop';

export type Handler = (request: SeenRequest, count: number) => Reply | Promise<Reply>;

export interface CannedAep {
  url: string;
  seen: SeenRequest[];
  /** Routes `METHOD /path` (no query) to a handler; `count` is 1 for the first call of that route. */
  on(route: string, handler: Handler): void;
  /** Answers every request no `on` route takes (instead of a 404). */
  otherwise(handler: Handler): void;
  close(): Promise<void>;
}

export const SECRET = 'p8e-TOP-SECRET-value-7f3a9c';
export const ORG = 'ABCDEF0123456789ABCDEF01@AdobeOrg';
export const CLIENT_ID = 'client-id-123';

export async function startCannedAep(): Promise<CannedAep> {
  const routes = new Map<string, Handler>();
  let fallback: Handler | undefined;
  const counts = new Map<string, number>();
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(request);
      const route = `${request.method} ${request.path}`;
      const count = (counts.get(route) ?? 0) + 1;
      counts.set(route, count);
      const handler = routes.get(route) ?? fallback;
      Promise.resolve(handler ? handler(request, count) : { status: 404, body: { title: 'Not Found', detail: `no canned route ${route}` } }).then(
        (reply) => {
          if (reply === 'drop') {
            req.socket.destroy();
            return;
          }
          const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
          res.writeHead(reply.status, { 'content-type': reply.raw !== undefined ? 'text/plain' : 'application/json', ...reply.headers });
          res.end(request.method === 'HEAD' ? undefined : text);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    on: (route, handler) => routes.set(route, handler),
    otherwise: (handler) => {
      fallback = handler;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** IMS that issues `token-1`, `token-2`, ... with the given lifetime in seconds. */
export function cannedIms(aep: CannedAep, expiresIn = 86399): { issued: () => number } {
  let issued = 0;
  aep.on('POST /ims/token/v3', (request) => {
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('client_secret') !== SECRET || form.get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' } };
    }
    issued += 1;
    return { status: 200, body: { access_token: `token-${issued}`, token_type: 'bearer', expires_in: expiresIn } };
  });
  return { issued: () => issued };
}

/** A logger that keeps every line, to assert on what is (and is not) logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export const fastRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxElapsedMs: 10_000 };

export function targetFor(aep: CannedAep, overrides: Partial<PlatformTarget> = {}): PlatformTarget {
  return {
    connectionId: 'c_test-connection',
    connectionName: 'Test org',
    imsUrl: aep.url,
    platformUrl: aep.url,
    streamingUrl: aep.url,
    orgId: ORG,
    clientId: CLIENT_ID,
    sandboxName: 'dev',
    scopes: ['openid', 'AdobeID'],
    clientSecret: async () => SECRET,
    ...overrides,
  };
}

export function clientFor(
  aep: CannedAep,
  options: {
    logger?: Logger;
    retry?: RetryPolicy;
    tokens?: TokenProvider;
    target?: Partial<PlatformTarget>;
    onServerWait?: PlatformClientOptions['onServerWait'];
  } = {},
): { client: PlatformClient; tokens: TokenProvider; logger: Logger & { lines: string[] } } {
  const logger = recordingLogger();
  const log = options.logger ?? logger;
  const tokens = options.tokens ?? createTokenProvider({ logger: log, retry: options.retry ?? fastRetry });
  const client = createPlatformClient({
    target: targetFor(aep, options.target),
    tokens,
    logger: log,
    retry: options.retry ?? fastRetry,
    ...(options.onServerWait ? { onServerWait: options.onServerWait } : {}),
  });
  return { client, tokens, logger };
}
