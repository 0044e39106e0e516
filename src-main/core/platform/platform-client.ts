import { randomUUID } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import type { z } from 'zod';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { TokenCredentials, TokenProvider } from './ims-token';
import type { Logger } from './logger';
import { serviceForPath } from './aep-services';
import { writeBodyToFile } from './body-to-file';
import { isUnsentFailure, remoteError, serverWaitError, truncate, unreachableError } from './remote-errors';
import { backoffDelayMs, defaultRetryPolicy, isRetryableStatus, parseRetryAfter, retryAfterFromBody, type RetryPolicy, sleep } from './retry-policy';

/**
 * The one HTTP path to AEP: headers, token, retries, 401 renewal, logging and error mapping.
 * Why one path: every typed call (schemas, catalog, ingestion, ...) gets the same resilience and
 * the same log line for free, and none of them can forget the sandbox header or log a token.
 */

/** Everything needed to call one org and sandbox; what a connection resolves to at runtime. */
export interface PlatformTarget extends TokenCredentials {
  platformUrl: string;
  streamingUrl: string;
  orgId: string;
  sandboxName: string;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request body that can be sent again on retry (files are reopened for every attempt). */
export type RequestBody =
  | { kind: 'json'; value: unknown; contentType?: string }
  | { kind: 'bytes'; data: Uint8Array; contentType?: string }
  /** Bytes `start` to `end` (exclusive) of a local file. */
  | { kind: 'file'; path: string; start: number; end: number; contentType?: string };

export interface PlatformRequest {
  method: HttpMethod;
  /** Path from the host, starting with `/` (for example `/data/foundation/catalog/dataSets`). */
  path: string;
  base?: 'platform' | 'streaming';
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  headers?: Readonly<Record<string, string>>;
  body?: RequestBody;
  /**
   * Whether sending the request twice has the effect of sending it once.
   * Why required: a non-idempotent call (creating a batch) is retried only when the server
   * provably did not act on it (429, or no connection made); an idempotent one on any transient failure.
   */
  idempotent: boolean;
  /** `platform` sends the four Platform headers; `none` sends only the sandbox header (unauthenticated streaming inlets). */
  auth?: 'platform' | 'none';
  /** Statuses that count as an answer rather than a failure (404 for "look up, may be missing"). */
  accept?: readonly number[];
  signal?: AbortSignal;
  /** Per attempt; uploads pass a longer one. */
  timeoutMs?: number;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  requestId: string;
  /** The body text (empty for HEAD and 204). */
  text: string;
  /** The body parsed as JSON, or undefined when it was not JSON. */
  json: unknown;
}

export interface PlatformClient {
  readonly target: PlatformTarget;
  /** Sends a request; resolves for 2xx and `accept`ed statuses, throws an AppError otherwise. */
  send(request: PlatformRequest): Promise<PlatformResponse>;
  /** Sends a request and validates the JSON answer against `schema` (the boundary check). */
  json<S extends z.ZodType>(schema: S, request: PlatformRequest): Promise<z.output<S>>;
  /**
   * Sends an idempotent request and streams its 2xx body into `file` (written under a temporary
   * name, renamed once complete; see body-to-file.ts). A body cut short is retried like any
   * transient failure; the response's `text` is empty. Errors as `send`.
   */
  download(request: PlatformRequest, file: string): Promise<PlatformResponse>;
}

export interface PlatformClientOptions {
  target: PlatformTarget;
  tokens: TokenProvider;
  logger: Logger;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  now?: () => number;
  random?: () => number;
  newRequestId?: () => string;
  requestTimeoutMs?: number;
  /**
   * Present when the user allows waiting out a server's `Retry-After` that is longer than the
   * retry budget (the CLI's `--wait-retry-after`): called before such a wait, to show it. Absent,
   * the call stops at once with the server's own wait in words (serverWaitError).
   */
  onServerWait?: (wait: ServerWait) => void;
}

/** A wait a server asked for (Retry-After, Profile's retryAfterMs) beyond the retry budget. */
export interface ServerWait {
  /** The service's name (`Batch Ingestion`) and the status that asked (429, 503). */
  service: string;
  status: number;
  waitMs: number;
  /** When the next attempt starts. */
  until: Date;
}

/** The longest server-requested wait waited out even when allowed: a day is a broken header, not a plan. */
const MAX_SERVER_WAIT_MS = 24 * 60 * 60_000;

const DEFAULT_TIMEOUT_MS = 60_000;

export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const { target, tokens, logger } = options;
  const doFetch = options.fetch ?? fetch;
  const policy = options.retry ?? defaultRetryPolicy;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const newRequestId = options.newRequestId ?? randomUUID;
  const context = { connectionName: target.connectionName, sandboxName: target.sandboxName, orgId: target.orgId };

  function urlOf(request: PlatformRequest): string {
    const base = request.base === 'streaming' ? target.streamingUrl : target.platformUrl;
    const url = new URL(`${base}${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  function headersFor(request: PlatformRequest, requestId: string, token: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'x-request-id': requestId, 'x-sandbox-name': target.sandboxName, accept: 'application/json' };
    if (token !== undefined) {
      headers.authorization = `Bearer ${token}`;
      headers['x-api-key'] = target.clientId;
      headers['x-gw-ims-org-id'] = target.orgId;
    }
    const body = request.body;
    if (body?.kind === 'json') headers['content-type'] = body.contentType ?? 'application/json';
    if (body?.kind === 'bytes' || body?.kind === 'file') headers['content-type'] = body.contentType ?? 'application/octet-stream';
    if (body?.kind === 'file') headers['content-length'] = String(body.end - body.start);
    // Caller headers last: Accept for the Schema Registry, Content-Range for chunks.
    for (const [key, value] of Object.entries(request.headers ?? {})) headers[key.toLowerCase()] = value;
    return headers;
  }

  function bodyFor(body: RequestBody | undefined): { body?: RequestInit['body']; duplex?: 'half'; redirect?: 'error'; window?: null } {
    if (!body) return {};
    if (body.kind === 'json') return { body: JSON.stringify(body.value) };
    // DOM's BodyInit (in the test build) excludes views over a SharedArrayBuffer; ours never are.
    if (body.kind === 'bytes') return { body: body.data as Uint8Array<ArrayBuffer> };
    if (body.end <= body.start) return { body: new Uint8Array(0) };
    // No redirect to follow: with one, undici clones the request and tees the body stream, and the
    // unread branch keeps every chunk sent until the request ends (a 256 MB PUT held in memory).
    return { body: fileStream(body.path, body.start, body.end), duplex: 'half', redirect: 'error', window: null };
  }

  /** `send`, with the 2xx body written to `file` instead of read as text when a file is given. */
  async function exchange(request: PlatformRequest, file?: string): Promise<PlatformResponse> {
    const url = urlOf(request);
    const path = request.path;
    const requestId = newRequestId();
    // The retry budget's start: moved to after a server-requested wait the user let us wait out.
    let started = now();
    const auth = request.auth ?? 'platform';
    let renewedAfter401 = false;
    let attempt = 0;

    for (;;) {
      attempt += 1;
      if (request.signal?.aborted) throw cancelled(request);
      const token = auth === 'platform' ? await tokens.token(target, request.signal) : undefined;
      const attemptStarted = now();
      const timeout = AbortSignal.timeout(request.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS);
      const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: request.method,
          headers: headersFor(request, requestId, token),
          ...bodyFor(request.body),
          signal,
        } as RequestInit);
        if (file !== undefined && response.ok) {
          await writeBodyToFile(response.body, file, announcedLength(response.headers));
          text = '';
        } else text = request.method === 'HEAD' ? '' : await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw cancelled(request);
        // The disk failed while a download was written: not the network's fault, not retried.
        if (isAppError(error)) throw error;
        const elapsed = now() - started;
        logger.warn('aep request failed', { method: request.method, path, error: errorName(error), durationMs: now() - attemptStarted, requestId, attempt });
        const failure = unreachableError(error, { url, attempts: attempt, elapsedMs: elapsed });
        // A dropped connection may have been processed; only idempotent calls go again then.
        if (!request.idempotent && !isUnsentFailure(error)) throw failure;
        await waitBeforeRetry(failure, attempt, started, undefined, request);
        continue;
      }

      logger.info('aep request', { method: request.method, path, status: response.status, durationMs: now() - attemptStarted, requestId, attempt });
      const json = parseJson(text, response.headers.get('content-type'));
      if (response.ok || request.accept?.includes(response.status)) return { status: response.status, headers: response.headers, requestId, text, json };

      const remote = { method: request.method, path, status: response.status, body: json, text, requestId, attempts: attempt, elapsedMs: now() - started };
      const failure = remoteError(remote, context);
      if (response.status === 401 && token !== undefined && !renewedAfter401) {
        // An expired or revoked token: renew once and repeat. The gateway refused the call, so
        // this is safe even for non-idempotent requests, and it does not count as a retry.
        renewedAfter401 = true;
        tokens.invalidate(target.connectionId, token);
        attempt -= 1;
        continue;
      }
      const retryable = request.idempotent ? isRetryableStatus(response.status) : response.status === 429;
      if (!retryable) throw failure;
      const hinted = parseRetryAfter(response.headers.get('retry-after'), now()) ?? retryAfterFromBody(json);
      if (hinted !== undefined && now() - started + hinted > policy.maxElapsedMs && attempt < policy.maxAttempts) {
        // The server asked for longer than this call may take: wait it out when the user allows, else say its wait.
        if (options.onServerWait === undefined || hinted > MAX_SERVER_WAIT_MS)
          throw serverWaitError(remote, { waitMs: hinted, budgetMs: policy.maxElapsedMs, now: now() });
        options.onServerWait({ service: serviceNameOf(path), status: response.status, waitMs: hinted, until: new Date(now() + hinted) });
        await sleepOrCancel(hinted, request);
        started = now();
        continue;
      }
      await waitBeforeRetry(failure, attempt, started, hinted, request);
    }
  }

  async function sleepOrCancel(ms: number, request: PlatformRequest): Promise<void> {
    try {
      await sleep(ms, request.signal);
    } catch {
      throw cancelled(request);
    }
  }

  /** Sleeps before the next attempt, or throws `failure` when the count or time budget is spent. */
  async function waitBeforeRetry(failure: AppError, attempt: number, started: number, hintedMs: number | undefined, request: PlatformRequest): Promise<void> {
    const delay = hintedMs ?? backoffDelayMs(policy, attempt, random);
    if (attempt >= policy.maxAttempts || now() - started + delay > policy.maxElapsedMs) throw failure;
    logger.debug('aep retry', { method: request.method, path: request.path, attempt, delayMs: delay });
    await sleepOrCancel(delay, request);
  }

  return {
    target,
    send: (request) => exchange(request),
    download: (request, file) => exchange(request, file),
    async json(schema, request) {
      const response = await exchange(request);
      const parsed = schema.safeParse(response.json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
        throw new AppError(
          'REMOTE_ERROR',
          `${request.method} ${request.path} answered ${response.status} in a shape XDM Loader does not understand${at}: ${issue?.message ?? 'invalid'}. ` +
            `The body was: ${truncate(response.text.trim() || '(empty)')} (request id ${response.requestId}).`,
        );
      }
      return parsed.data;
    },
  };
}

/**
 * The body length the headers promise, when it is the length of what the body stream gives
 * (not for a compressed body: fetch decompresses it, so Content-Length counts other bytes).
 */
function announcedLength(headers: Headers): number | undefined {
  const encoding = headers.get('content-encoding');
  if (encoding !== null && encoding !== 'identity') return undefined;
  const length = Number(headers.get('content-length') ?? Number.NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Read size of file bodies: large reads mean few chunks, so little per-chunk work and garbage. */
const FILE_READ_BYTES = 1024 * 1024;

/**
 * Bytes `start` to `end` (exclusive) of a file as a web stream, read on demand, 1 MiB at a time.
 * Why not `Readable.toWeb(createReadStream(...))`: on Node 20 the adapter copies every chunk, and
 * with 64 KiB reads that copy and its garbage doubled the upload's CPU.
 */
function fileStream(file: string, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  // Opened on the first read, so a request that fails before sending its body holds no descriptor.
  let handle: Promise<FileHandle> | undefined;
  const close = async (): Promise<void> => {
    const opened = handle;
    handle = undefined;
    await opened?.then((h) => h.close()).catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const length = Math.min(FILE_READ_BYTES, end - position);
      try {
        if (length <= 0) {
          await close();
          controller.close();
          return;
        }
        handle ??= open(file, 'r');
        const { bytesRead, buffer } = await (await handle).read(Buffer.allocUnsafeSlow(length), 0, length, position);
        if (bytesRead === 0) throw new Error(`${file} ended before byte ${end}`);
        position += bytesRead;
        controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead));
      } catch (error) {
        await close();
        controller.error(error);
      }
    },
    cancel: close,
  });
}

function serviceNameOf(path: string): string {
  return serviceForPath(path).name;
}

function cancelled(request: PlatformRequest): AppError {
  return new AppError('CANCELLED', `Cancelled: ${request.method} ${request.path}.`);
}

function errorName(error: unknown): string {
  if (isAppError(error)) return error.code;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.name : 'error';
}

/** Parses JSON bodies, including AEP's vendor types (`application/vnd.adobe.xed+json`). */
function parseJson(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  const looksJson = contentType === null || /json/i.test(contentType) || /^\s*[[{"]/.test(text);
  if (!looksJson) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
