/**
 * What a Platform call meets before its route, as AEP's edge behaves: injected faults (throttling,
 * 5xx, latency, drops), then the gateway's header and token checks, or the streaming gate.
 *
 * Each service family's plugin runs these in its own `onRequest` hook, so the error shape of a fault
 * is the family's (Profile 429 is an array with `retryAfterMs`, Identity `RequestRateTooLarge`...).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import type { JsonValue } from '../json';
import { DEFAULT_SANDBOX_NAME, SANDBOX_NAME } from '../sandbox-name';
import { gatewayBody, renderError, statusTitle, type ErrorFamily } from './errors';
import { verifyToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    sandboxName: string;
  }
}

/** Which checks a family's calls pass before their route. */
export type GateKind = 'gateway' | 'streaming' | 'faults-only';

/** A header's first value; Node lower-cases incoming names, so any spelling is found. */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function send(reply: FastifyReply, status: number, body: JsonValue): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send(body);
}

/** The body of an injected `status` fault in the family's shape. */
function faultBody(family: ErrorFamily, status: number, retryAfterSeconds: number | undefined): JsonValue {
  if (status === 429) {
    if (family === 'identity' || family === 'identity-graph')
      return { title: 'RequestRateTooLarge', status: 429, detail: 'Request rate is large. Please try again later.' };
    if (family === 'profile') return renderError('profile', 429, '', '', 'Request rate exceeded', { retryAfterMs: String((retryAfterSeconds ?? 1) * 1000) });
    if (family === 'streaming' || family === 'registry') return renderError(family, 429, 'XDM-1429-429', 'Too Many Requests', 'Too many requests');
    return gatewayBody('429050', 'Too many requests');
  }
  const title = statusTitle(status);
  if (family === 'catalog' || family === 'ims') return gatewayBody(`${status}000`, title);
  return renderError(family, status, `SANDBOX-${status}`, title, `${title} (injected fault)`);
}

/** Applies the fault rules matching this call; true when one of them answered (or dropped) it. */
async function injectFaults(ctx: SandboxContext, family: ErrorFamily, req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  const path = req.url.split('?')[0] ?? req.url;
  for (const rule of ctx.faults.take(req.method, path)) {
    if (rule.action === 'latency') await sleep(rule.latencyMs ?? 0);
    if (rule.action === 'drop') {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      raw.write('{"dropped":');
      raw.destroy();
      req.raw.socket.destroy();
      return true;
    }
    if (rule.action === 'status') {
      const status = rule.status ?? 500;
      if (rule.retryAfterSeconds !== undefined) reply.header('retry-after', String(rule.retryAfterSeconds));
      send(reply, status, faultBody(family, status, rule.retryAfterSeconds));
      return true;
    }
  }
  return false;
}

function bearer(ctx: SandboxContext, auth: string): ReturnType<typeof verifyToken> {
  const m = /^Bearer\s+(.+)$/i.exec(auth);
  return m ? verifyToken(ctx.credentials.tokenKey, (m[1] ?? '').trim()) : { ok: false, reason: 'invalid' };
}

/** No `x-sandbox-name` means the production sandbox; a name is seeded on first use. */
function selectSandbox(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const name = headerOf(req, 'x-sandbox-name') ?? DEFAULT_SANDBOX_NAME;
  if (!SANDBOX_NAME.test(name)) return send(reply, 400, gatewayBody('400000', 'Invalid sandbox name: use lower-case letters, digits and dashes'));
  ctx.ensureSandbox(name);
  req.sandboxName = name;
  return undefined;
}

/** The API gateway of `/data/**`: token, API key, org, then the sandbox (aep-notes §1.3). */
function gateway(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const auth = headerOf(req, 'authorization');
  if (!auth) return send(reply, 403, gatewayBody('403010', 'Oauth token is missing.'));
  const apiKey = headerOf(req, 'x-api-key');
  if (!apiKey) return send(reply, 403, gatewayBody('403000', 'Api Key is required'));
  const check = bearer(ctx, auth);
  if (!check.ok) return send(reply, 401, gatewayBody('401013', 'Oauth token is not valid'));
  if (apiKey !== ctx.credentials.clientId || check.claims.clientId !== apiKey) return send(reply, 403, gatewayBody('403003', 'Api Key is invalid'));
  const org = headerOf(req, 'x-gw-ims-org-id');
  if (!org) return send(reply, 400, gatewayBody('400003', 'Missing header'));
  if (org !== ctx.credentials.orgId) return send(reply, 403, gatewayBody('403025', 'Profile is not valid'));
  return selectSandbox(ctx, req, reply);
}

/** Streaming inlets check a token only when one is given (unauthenticated inlets are the default). */
function streamingGate(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const auth = headerOf(req, 'authorization');
  if (auth && !bearer(ctx, auth).ok) {
    return send(reply, 403, renderError('streaming', 403, 'DCS-403', 'Forbidden', 'The access token is invalid or expired'));
  }
  return selectSandbox(ctx, req, reply);
}

/** The `onRequest` hook of a family: faults first, then its gate. */
export function gateHook(ctx: SandboxContext, family: ErrorFamily, kind: GateKind) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (await injectFaults(ctx, family, req, reply)) return reply;
    if (kind === 'gateway') return gateway(ctx, req, reply);
    if (kind === 'streaming') return streamingGate(ctx, req, reply);
    return undefined;
  };
}
