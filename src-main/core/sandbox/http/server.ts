/**
 * The sandbox's fastify instance: body parsers, fault injection, the API gateway and error shapes.
 *
 * Order of a Platform call, as AEP's edge behaves: faults (throttling, 5xx, latency, drops) →
 * gateway header and token checks (`/data/**`; streaming checks only a token it is given) → route.
 * Errors thrown by routes are rendered in the family of the path (aep-notes §1.3).
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxContext } from '../context';
import { ApiError, familyOf, gatewayBody, renderError } from './errors';
import { RawBody } from './raw-body';
import { verifyToken } from './tokens';

declare module 'fastify' {
  interface FastifyRequest {
    sandboxName: string;
  }
}

const SANDBOX_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sendGateway(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send(gatewayBody(code, message));
}

/** Creates the server with parsers, hooks and the error handler; routes are added by the caller. */
export function createServer(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 32 * 1024 * 1024, forceCloseConnections: true });
  app.decorateRequest('sandboxName', '');

  const parseJson = (_req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void): void => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(body));
    } catch {
      done(new ApiError(400, 'BadRequestError', 'BadRequestError', 'The request body is not valid JSON'));
    }
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', 'application/json-patch+json'], { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[a-z.-]+\+json/, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('*', (_req, payload, done) => done(null, new RawBody(payload)));

  app.addHook('onRequest', async (req, reply) => {
    const url = req.url;
    if (url.startsWith('/_sandbox')) return;
    for (const rule of ctx.faults.take(req.method, url.split('?')[0] ?? url)) {
      if (rule.action === 'latency') await sleep(rule.latencyMs ?? 0);
      if (rule.action === 'drop') {
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        raw.write('{"dropped":');
        raw.destroy();
        req.raw.socket.destroy();
        return reply;
      }
      if (rule.action === 'status') {
        const status = rule.status ?? 500;
        const family = familyOf(url);
        if (rule.retryAfterSeconds !== undefined) reply.header('retry-after', String(rule.retryAfterSeconds));
        if (status === 429) {
          const body =
            family === 'identity'
              ? { title: 'RequestRateTooLarge', status: 429, detail: 'Request rate is large. Please try again later.' }
              : family === 'profile'
                ? renderError('profile', 429, '', '', 'Request rate exceeded', { retryAfterMs: String((rule.retryAfterSeconds ?? 1) * 1000) })
                : family === 'streaming' || family === 'registry'
                  ? renderError(family, 429, 'XDM-1429-429', 'Too Many Requests', 'Too many requests')
                  : gatewayBody('429050', 'Too many requests');
          return reply.code(429).header('content-type', 'application/json').send(body);
        }
        const title = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : status === 500 ? 'Internal Server Error' : 'Error';
        const body = family === 'catalog' || family === 'ims' ? gatewayBody(String(status) + '000', title) : renderError(family, status, `SANDBOX-${status}`, title, `${title} (injected fault)`);
        return reply.code(status).header('content-type', 'application/json').send(body);
      }
    }
    if (url.startsWith('/data/')) return gateway(req, reply);
    if (url.startsWith('/collection')) return streamingGate(req, reply);
    return undefined;
  });

  const gateway = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const auth = header(req, 'authorization');
    if (!auth) return sendGateway(reply, 403, '403010', 'Oauth token is missing.');
    const apiKey = header(req, 'x-api-key');
    if (!apiKey) return sendGateway(reply, 403, '403000', 'Api Key is required');
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    const check = m ? verifyToken(ctx.credentials.tokenKey, (m[1] ?? '').trim()) : ({ ok: false, reason: 'invalid' } as const);
    if (!check.ok) return sendGateway(reply, 401, '401013', 'Oauth token is not valid');
    if (apiKey !== ctx.credentials.clientId || check.claims.clientId !== apiKey) return sendGateway(reply, 403, '403003', 'Api Key is invalid');
    const org = header(req, 'x-gw-ims-org-id');
    if (!org) return sendGateway(reply, 400, '400003', 'Missing header');
    if (org !== ctx.credentials.orgId) return sendGateway(reply, 403, '403025', 'Profile is not valid');
    return selectSandbox(req, reply);
  };

  const selectSandbox = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const name = header(req, 'x-sandbox-name');
    if (!name) return sendGateway(reply, 400, '400003', 'Missing header');
    if (!SANDBOX_NAME.test(name)) return sendGateway(reply, 400, '400000', 'Invalid sandbox name: use lower-case letters, digits and dashes');
    ctx.ensureSandbox(name);
    req.sandboxName = name;
    return undefined;
  };

  const streamingGate = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const auth = header(req, 'authorization');
    if (auth) {
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      const check = m ? verifyToken(ctx.credentials.tokenKey, (m[1] ?? '').trim()) : ({ ok: false, reason: 'invalid' } as const);
      if (!check.ok) {
        return reply
          .code(403)
          .header('content-type', 'application/json')
          .send(renderError('streaming', 403, 'DCS-403', 'Forbidden', 'The access token is invalid or expired'));
      }
    }
    return selectSandbox(req, reply);
  };

  app.setErrorHandler((error: FastifyError | ApiError, req, reply) => {
    const family = familyOf(req.url);
    if (error instanceof ApiError) {
      void reply.code(error.status).header('content-type', 'application/json').send(renderError(family, error.status, error.code, error.title, error.message, error.extra));
      return;
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    const title = status === 413 ? 'Payload Too Large' : status === 415 ? 'Unsupported Media Type' : status >= 500 ? 'Internal Server Error' : 'Bad Request';
    const detail = status === 413 ? 'The request payload is larger than allowed' : error.message;
    void reply.code(status).header('content-type', 'application/json').send(renderError(family, status, error.code ?? String(status), title, detail));
  });

  app.setNotFoundHandler((req, reply) => {
    const family = familyOf(req.url);
    void reply
      .code(404)
      .header('content-type', 'application/json')
      .send(renderError(family, 404, family === 'registry' ? 'XDM-1012-404' : '404', 'Not Found', `No route for ${req.method} ${req.url.split('?')[0] ?? ''}`));
  });

  return app;
}
