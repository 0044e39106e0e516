/**
 * When and how long to wait before trying a call again.
 * Why bounded twice (count and time): AEP documents no request budget and answers overload with
 * 429 or 5xx (aep-notes §10); an unbounded retry loop turns an outage into a hung window. Full
 * jitter spreads parallel uploads so they do not retry in lockstep.
 */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap of one computed backoff delay (a server's Retry-After may ask for more, within the budget). */
  maxDelayMs: number;
  /** Budget for the whole call, waits included; no retry starts that would end after it. */
  maxElapsedMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 120_000,
};

/** HTTP statuses worth another try: throttling and transient server or gateway failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^(retry-1))]. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}

/**
 * Reads `Retry-After` (seconds or an HTTP date) into milliseconds from now.
 * Why both forms: RFC 9110 allows either; streaming's 503 uses seconds (aep-notes §7).
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Reads Profile's `retryAfterMs` from a 429 body (an array of errors, aep-notes §8.1).
 * Why: Profile says how long to wait in the body, not in a header.
 */
export function retryAfterFromBody(body: unknown): number | undefined {
  const items = Array.isArray(body) ? body : [body];
  for (const item of items) {
    if (item !== null && typeof item === 'object' && 'retryAfterMs' in item) {
      const value = Number((item as { retryAfterMs: unknown }).retryAfterMs);
      if (Number.isFinite(value) && value >= 0) return value;
    }
  }
  return undefined;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
