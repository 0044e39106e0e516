/**
 * The sandbox's fastify instance: body parsers, the router's options and the answers for paths
 * outside every service family.
 *
 * Each AEP service family is a plugin of its own (`service-family.ts`) with its gate and error
 * shape; what is left here is shared by all of them. A trailing slash is ignored on every path, as
 * AEP's gateway does (`/tenant/schemas/`, `/catalog/dataSets/`). Schema validation neither coerces
 * nor strips a body, quotes the failing schema and takes a union of types (`route-validators.ts`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { gatewayBody, genericCode, RequestError } from './errors';
import { toSandboxError } from './framework-errors';
import { sharedValidators } from './route-validators';
import { registerServiceFamily, type ServiceFamily } from './service-family';

const BODY_LIMIT = 32 * 1024 * 1024;

function parseJson(_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const text = String(body);
  if (text.length === 0) {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(text));
  } catch {
    done(new RequestError(400, 'The request body is not valid JSON'));
  }
}

/**
 * Creates the server with its parsers and every family's plugin.
 * Why Fastify is imported here, when a server is made: the CLI bundle keeps npm packages
 * external and loads every command's modules at start, and Fastify alone added about 25 MB to
 * the resident memory of every command, `prepare` included, that never starts a sandbox.
 */
export async function createServer(ctx: SandboxContext, families: readonly ServiceFamily[]): Promise<FastifyInstance> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    // The route schemas' validators, compiled once per process for every server (route-validators.ts).
    schemaController: { compilersFactory: { buildValidator: sharedValidators } },
    // A URL the router cannot read never reaches a family: the gateway refuses it.
    frameworkErrors: (_error, _req, reply) => {
      void (reply as FastifyReply).code(400).header('content-type', 'application/json').send(gatewayBody('400000', 'The request URL is malformed'));
    },
  });
  app.decorateRequest('sandboxName', '');

  // Only the media types Platform takes: fastify's own `text/plain` parser would let a wrong type through.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/json-patch+json'], { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[a-z.-]+\+json/, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  // Outside every family there is only the gateway, which knows no such service.
  app.setErrorHandler((error: Error, req, reply) => {
    const e = toSandboxError(error, req);
    void reply
      .code(e.status)
      .header('content-type', 'application/json')
      .send(gatewayBody(genericCode('gateway', e.status), e.message));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .header('content-type', 'application/json')
      .send(gatewayBody(genericCode('gateway', 404), `No service at ${req.url.split('?')[0] ?? ''}`));
  });

  for (const family of families) registerServiceFamily(app, ctx, family);
  return app;
}
