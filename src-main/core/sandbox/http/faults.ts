/**
 * Faults on demand: throttling, server errors, latency, dropped connections, short tokens, no
 * Profile entitlement.
 *
 * The client's resilience (retries, Retry-After, token refresh, 403 explanations) is tested against
 * these switches. Rules match a method and a path prefix, fire for the next N matching calls and/or
 * a share of them, and are set at start (`startSandbox({ faults })`) or at run time through
 * `/_sandbox/faults` and the `faults` handle of the library API.
 */
import { randomUUID } from 'node:crypto';

export type FaultAction = 'status' | 'latency' | 'drop';

export interface FaultRuleInput {
  /** Path prefix the rule applies to, e.g. `/data/foundation/import`; all Platform paths when omitted. */
  path?: string;
  /** HTTP method (any when omitted). */
  method?: string;
  action: FaultAction;
  /** For `status`: 429, 500, 502, 503 (any 4xx/5xx is accepted). */
  status?: number;
  /** For `status` 429/503: the `Retry-After` header in seconds. */
  retryAfterSeconds?: number;
  /** For `latency`: milliseconds added before the request is handled. */
  latencyMs?: number;
  /** Fire for the next N matching calls only, then the rule is removed. */
  times?: number;
  /** Fire for this share (0..1) of matching calls. */
  rate?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** How many times the rule has fired. */
  fired: number;
}

export interface FaultSettings {
  rules?: FaultRuleInput[];
  /** Lifetime of issued tokens in seconds (default 86399, as IMS). */
  tokenLifetimeSeconds?: number;
  /** When false, Profile Access answers 403 as an org without the entitlement. */
  profileEntitlement?: boolean;
}

export interface FaultState {
  rules: FaultRule[];
  tokenLifetimeSeconds: number;
  profileEntitlement: boolean;
}

export const DEFAULT_TOKEN_LIFETIME = 86399;

/** Bounds of the switches; the token lifetime's is IMS's own (a switch shortens it, never lengthens it). */
const MAX_LATENCY_MS = 10 * 60_000;
const MAX_RETRY_AFTER_SECONDS = 86_400;
const MAX_TIMES = 1_000_000;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const isIntegerIn = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNumberIn = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/**
 * Checks a rule input; returns an error message or undefined.
 * Why bounded: an out-of-range value was accepted and then misbehaved far from its cause (a
 * latency beyond a timer's range fired at once, a status of 42 crashed the reply).
 */
export function checkRule(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'a rule must be an object';
  const r = input as Record<string, unknown>;
  if (r.action !== 'status' && r.action !== 'latency' && r.action !== 'drop') return 'action must be status, latency or drop';
  if (r.action === 'status' && !isIntegerIn(r.status, 400, 599)) return 'status must be a 4xx or 5xx code';
  if (r.status !== undefined && !isIntegerIn(r.status, 400, 599)) return 'status must be a 4xx or 5xx code';
  if (r.action === 'latency' && !isNumberIn(r.latencyMs, 0, MAX_LATENCY_MS)) return `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`;
  if (r.latencyMs !== undefined && !isNumberIn(r.latencyMs, 0, MAX_LATENCY_MS)) return `latencyMs must be a number from 0 to ${MAX_LATENCY_MS}`;
  if (r.retryAfterSeconds !== undefined && !isIntegerIn(r.retryAfterSeconds, 0, MAX_RETRY_AFTER_SECONDS))
    return `retryAfterSeconds must be a whole number from 0 to ${MAX_RETRY_AFTER_SECONDS}`;
  if (r.times !== undefined && !isIntegerIn(r.times, 1, MAX_TIMES)) return `times must be a whole number from 1 to ${MAX_TIMES}`;
  if (r.rate !== undefined && !isNumberIn(r.rate, 0, 1)) return 'rate must be between 0 and 1';
  if (r.path !== undefined && (typeof r.path !== 'string' || !r.path.startsWith('/') || r.path.length > 1024))
    return 'path must be a path prefix starting with /';
  if (r.method !== undefined && (typeof r.method !== 'string' || !METHODS.has(r.method.toUpperCase())))
    return `method must be one of ${[...METHODS].join(', ')}`;
  return undefined;
}

/** Checks the switches besides the rules (token lifetime, entitlement); returns an error message or undefined. */
export function checkSwitches(input: Record<string, unknown>): string | undefined {
  if (input.tokenLifetimeSeconds !== undefined && !isIntegerIn(input.tokenLifetimeSeconds, 1, DEFAULT_TOKEN_LIFETIME))
    return `tokenLifetimeSeconds must be a whole number from 1 to ${DEFAULT_TOKEN_LIFETIME}`;
  if (input.profileEntitlement !== undefined && typeof input.profileEntitlement !== 'boolean') return 'profileEntitlement must be true or false';
  return undefined;
}

/** Runtime control of the fault switches. */
export class FaultController {
  private rules: FaultRule[] = [];
  tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME;
  profileEntitlement = true;

  constructor(
    settings: FaultSettings = {},
    private readonly random: () => number = Math.random,
  ) {
    this.configure(settings);
  }

  /** Replaces every switch with `settings` (omitted switches go back to their defaults). */
  configure(settings: FaultSettings): FaultState {
    const switches = checkSwitches(settings as Record<string, unknown>);
    if (switches) throw new Error(`Invalid fault settings: ${switches}`);
    if (settings.rules !== undefined && !Array.isArray(settings.rules)) throw new Error('Invalid fault settings: rules must be a list');
    for (const rule of settings.rules ?? []) {
      const problem = checkRule(rule);
      if (problem) throw new Error(`Invalid fault rule: ${problem}`);
    }
    this.rules = (settings.rules ?? []).map((r) => ({ ...r, id: randomUUID(), fired: 0 }));
    this.tokenLifetimeSeconds = settings.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME;
    this.profileEntitlement = settings.profileEntitlement ?? true;
    return this.state();
  }

  /** Adds one rule and returns it (with its id, for `remove`). */
  add(input: FaultRuleInput): FaultRule {
    const problem = checkRule(input);
    if (problem) throw new Error(`Invalid fault rule: ${problem}`);
    const rule: FaultRule = { ...input, id: randomUUID(), fired: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /** Removes every rule and restores token lifetime and entitlement. */
  clear(): void {
    this.configure({});
  }

  state(): FaultState {
    return { rules: this.rules.map((r) => ({ ...r })), tokenLifetimeSeconds: this.tokenLifetimeSeconds, profileEntitlement: this.profileEntitlement };
  }

  /** The rules that fire for this call, counting them (and retiring exhausted `times` rules). */
  take(method: string, path: string): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path && !path.startsWith(rule.path)) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      rule.fired += 1;
      fired.push({ ...rule });
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.fired < r.times);
    return fired;
  }
}
