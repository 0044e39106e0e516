import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { Logger } from './logger';
import { describeErrorBody, unreachableError } from './remote-errors';
import { backoffDelayMs, defaultRetryPolicy, isRetryableStatus, parseRetryAfter, type RetryPolicy, sleep } from './retry-policy';

/**
 * OAuth Server-to-Server access tokens from Adobe IMS, cached per connection.
 * Why a provider: IMS asks clients to cache tokens and may throttle those that mint too many
 * (aep-notes §1.1). Tokens are kept in memory only, renewed shortly before they expire, and a
 * burst of calls that all find no token shares one request to IMS.
 */
export interface TokenCredentials {
  /** The cache key: one token per connection. */
  connectionId: string;
  connectionName: string;
  imsUrl: string;
  clientId: string;
  scopes: readonly string[];
  /** Read only when a token must be minted, so the secret is not held longer than needed. */
  clientSecret: () => Promise<string>;
}

export interface TokenProvider {
  /** A valid access token for the connection, minted or from the cache. */
  token(credentials: TokenCredentials, signal?: AbortSignal): Promise<string>;
  /**
   * Drops the cached token if it is still `rejected` (after a 401).
   * Why conditional: when ten calls get a 401 at once, only the first renews; the others find
   * the fresh token already cached.
   */
  invalidate(connectionId: string, rejected: string): void;
  /** Drops whatever is cached for a connection (its secret or hosts changed, or it was removed). */
  forget(connectionId: string): void;
}

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // Seconds for OAuth S2S; coerced because some proxies stringify numbers.
  expires_in: z.coerce.number().positive(),
});

interface CachedToken {
  value: string;
  expiresAt: number;
  renewAt: number;
  fingerprint: string;
}

export interface TokenProviderOptions {
  fetch?: typeof fetch;
  logger: Logger;
  now?: () => number;
  retry?: RetryPolicy;
  random?: () => number;
  /** Renew this long before expiry at most; short-lived tokens renew at 90 % of their life. */
  renewMarginMs?: number;
  requestTimeoutMs?: number;
}

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const policy = options.retry ?? defaultRetryPolicy;
  const random = options.random ?? Math.random;
  const renewMarginMs = options.renewMarginMs ?? 5 * 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, { fingerprint: string; promise: Promise<CachedToken> }>();

  const fingerprintOf = (c: TokenCredentials) => JSON.stringify([c.imsUrl, c.clientId, [...c.scopes]]);

  async function mint(credentials: TokenCredentials): Promise<CachedToken> {
    const url = `${credentials.imsUrl}/ims/token/v3`;
    const secret = await credentials.clientSecret();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: secret,
      scope: credentials.scopes.join(','),
    });
    const started = now();
    for (let attempt = 1; ; attempt += 1) {
      const requestId = randomUUID();
      const attemptStarted = now();
      let waitMs: number | undefined;
      let lastError: AppError | undefined;
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-request-id': requestId },
          body: form.toString(),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const text = await response.text();
        options.logger.info('ims token', {
          method: 'POST',
          path: '/ims/token/v3',
          status: response.status,
          durationMs: now() - attemptStarted,
          requestId,
          attempt,
          connection: credentials.connectionId,
        });
        if (response.ok) {
          const parsed = TokenResponse.safeParse(safeJson(text));
          if (!parsed.success) {
            throw new AppError('REMOTE_ERROR', `Adobe IMS answered the token request without a usable token (request id ${requestId}).`);
          }
          const lifetimeMs = parsed.data.expires_in * 1000;
          const issued = now();
          return {
            value: parsed.data.access_token,
            expiresAt: issued + lifetimeMs,
            renewAt: issued + Math.max(0, lifetimeMs - Math.min(renewMarginMs, lifetimeMs * 0.1)),
            fingerprint: fingerprintOf(credentials),
          };
        }
        if (!isRetryableStatus(response.status)) throw tokenRefused(response.status, text, credentials, requestId);
        lastError = new AppError(
          response.status === 429 ? 'THROTTLED' : 'REMOTE_ERROR',
          `Adobe IMS failed to issue a token (${response.status}): ${describeErrorBody(safeJson(text), text).text} (request id ${requestId}). Try again later.`,
        );
        waitMs = parseRetryAfter(response.headers.get('retry-after'), now());
      } catch (error) {
        if (isAppError(error)) throw error;
        // Asking for a token twice is harmless, so every network failure is worth another try.
        lastError = unreachableError(error, { url, attempts: attempt, elapsedMs: now() - started });
      }
      const delay = waitMs ?? backoffDelayMs(policy, attempt, random);
      if (attempt >= policy.maxAttempts || now() - started + delay > policy.maxElapsedMs) throw lastError;
      await sleep(delay);
    }
  }

  return {
    async token(credentials, signal) {
      const key = credentials.connectionId;
      const fingerprint = fingerprintOf(credentials);
      const cached = cache.get(key);
      if (cached && cached.fingerprint === fingerprint && now() < cached.renewAt) return cached.value;
      let pending = inFlight.get(key);
      if (!pending || pending.fingerprint !== fingerprint) {
        // The shared request is not tied to any one caller's signal: one caller giving up must
        // not fail the others waiting on the same token.
        const promise = mint(credentials).then(
          (token) => {
            if (inFlight.get(key)?.promise === promise) {
              cache.set(key, token);
              inFlight.delete(key);
            }
            return token;
          },
          (error: unknown) => {
            if (inFlight.get(key)?.promise === promise) inFlight.delete(key);
            throw error;
          },
        );
        pending = { fingerprint, promise };
        inFlight.set(key, pending);
      }
      return (await abortable(pending.promise, signal)).value;
    },
    invalidate(connectionId, rejected) {
      if (cache.get(connectionId)?.value === rejected) cache.delete(connectionId);
    },
    forget(connectionId) {
      cache.delete(connectionId);
      inFlight.delete(connectionId);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits for a shared promise, but lets this caller stop waiting when its signal aborts. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled while requesting an access token.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AppError('CANCELLED', 'Cancelled while requesting an access token.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * IMS's refusal, said so the person knows which field to fix.
 * Why by error code: IMS answers a wrong secret and a wrong scope with the same 400.
 */
function tokenRefused(status: number, text: string, credentials: TokenCredentials, requestId: string): AppError {
  const said = describeErrorBody(safeJson(text), text);
  const code = said.code ?? '';
  const ref = `(request id ${requestId})`;
  if (/scope/i.test(code) || /scope/i.test(said.text)) {
    return new AppError(
      'UNAUTHORIZED',
      `Adobe IMS refused the scopes of "${credentials.connectionName}" (${status}): ${said.text} ${ref}. ` +
        'Copy the scopes from the credential page in Adobe Developer Console into the connection.',
    );
  }
  return new AppError(
    'UNAUTHORIZED',
    `Adobe IMS refused the client id and secret of "${credentials.connectionName}" (${status}): ${said.text} ${ref}. ` +
      'Check the client id, save the client secret again (copy it from Adobe Developer Console; it may have been rotated), ' +
      'and check that the credential is an OAuth Server-to-Server one.',
  );
}
