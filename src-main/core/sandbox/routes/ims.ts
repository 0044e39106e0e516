/**
 * IMS token endpoint: `POST /ims/token/v3` (OAuth Server-to-Server, client_credentials).
 *
 * Accepts the form body (or, as IMS does, query parameters), checks the sandbox's own client id and
 * secret, and answers IMS's body with `expires_in` in seconds. The lifetime is a fault switch so
 * clients can be tested against short-lived tokens.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { issueToken } from '../http/tokens';

function field(body: unknown, query: unknown, name: string): string | undefined {
  for (const src of [body, query]) {
    if (typeof src === 'object' && src !== null) {
      const v = (src as Record<string, unknown>)[name];
      if (typeof v === 'string' && v.length > 0) return v;
    }
  }
  return undefined;
}

export function registerImsRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/token/v3', async (req, reply) => {
    const fail = (status: number, error: string, description: string) => reply.code(status).send({ error, error_description: description });
    const grant = field(req.body, req.query, 'grant_type');
    const clientId = field(req.body, req.query, 'client_id');
    const secret = field(req.body, req.query, 'client_secret');
    const scope = field(req.body, req.query, 'scope');
    if (!grant) return fail(400, 'invalid_request', 'missing grant_type parameter');
    if (grant !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'unsupported grant_type parameter');
    if (!clientId) return fail(400, 'invalid_request', 'missing client_id parameter');
    if (clientId !== ctx.credentials.clientId) return fail(400, 'invalid_client', 'invalid client_id parameter');
    if (!secret) return fail(400, 'invalid_request', 'missing client_secret parameter');
    if (secret !== ctx.credentials.clientSecret) return fail(401, 'invalid_client', 'invalid client_secret parameter');
    if (!scope) return fail(400, 'invalid_scope', 'missing scope parameter');
    const lifetime = ctx.faults.tokenLifetimeSeconds;
    return reply.send({ access_token: issueToken(ctx.credentials.tokenKey, clientId, lifetime), token_type: 'bearer', expires_in: lifetime });
  });
}
