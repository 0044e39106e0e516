/**
 * One fastify plugin per AEP service family: its prefix, its gate, its error shape.
 *
 * Routes inside are declared relative to the prefix. The plugin's error handler and not-found
 * handler render in the family's shape, so every error a client meets under `/data/core/ups` is a
 * Profile error and every one under `/data/foundation/schemaregistry` a registry problem, with no
 * test of the URL. A path the family has for other methods answers 405 with `Allow`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { SandboxContext } from '../context';
import { noRouteError, RequestError, renderThrown, type ErrorFamily } from './errors';
import { toSandboxError, unsupportedMediaType } from './framework-errors';
import { gateHook, type GateKind } from './gates';
import { RawBody } from './raw-body';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its body as a stream (`RawBody`) whatever its media type: file uploads. */
    streamedBody?: boolean;
  }
}

/** Route options of an upload route of a `rawBodies` family. */
export const STREAMED_BODY = { config: { streamedBody: true } } as const;

export interface ServiceFamily {
  /** Where the family lives, e.g. `/data/foundation/catalog`. */
  prefix: string;
  /** The error shape of every answer that is not a success. */
  errors: ErrorFamily;
  /** The checks before any route: the API gateway, the streaming gate, faults only, or none at all. */
  gate: GateKind | 'none';
  /** Accepts bodies of any other media type unread (`RawBody`) on routes with `STREAMED_BODY`, for file uploads. */
  rawBodies?: boolean;
  /** Adds the family's routes to its plugin, with paths relative to `prefix`. */
  routes(app: FastifyInstance, ctx: SandboxContext): void;
}

/** A route path (`/batches/:id/files/*`) as a pattern of concrete paths, trailing slash optional. */
function pathPattern(url: string): RegExp {
  const body = url
    .replace(/\/$/, '')
    .split('/')
    .map((seg) => (seg === '*' ? '.*' : seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

function sendError(reply: FastifyReply, family: ErrorFamily, error: Parameters<typeof renderThrown>[1]): void {
  void reply.code(error.status).header('content-type', 'application/json').send(renderThrown(family, error));
}

/** Registers `family` as an encapsulated plugin under its prefix. */
export function registerServiceFamily(app: FastifyInstance, ctx: SandboxContext, family: ServiceFamily): void {
  void app.register(
    async (scope) => {
      const routes: Array<{ methods: string[]; pattern: RegExp }> = [];
      scope.addHook('onRoute', (route: RouteOptions) => {
        routes.push({ methods: ([] as string[]).concat(route.method), pattern: pathPattern(route.url) });
      });
      if (family.rawBodies) {
        scope.addContentTypeParser('*', (_req, payload, done) => done(null, new RawBody(payload)));
        // Elsewhere in the family a body it cannot read is refused as anywhere else, after draining it.
        scope.addHook('preValidation', async (req) => {
          if (!(req.body instanceof RawBody) || req.routeOptions.config.streamedBody) return;
          req.body.stream.resume();
          throw unsupportedMediaType(req);
        });
      }
      if (family.gate !== 'none') scope.addHook('onRequest', gateHook(ctx, family.errors, family.gate));
      scope.setErrorHandler((error: Error, req, reply) => sendError(reply, family.errors, toSandboxError(error, req)));
      scope.setNotFoundHandler((req: FastifyRequest, reply) => {
        const path = req.url.split('?')[0] ?? req.url;
        const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
        if (allowed.length > 0) {
          reply.header('allow', allowed.join(', '));
          sendError(reply, family.errors, new RequestError(405, `${req.method} is not allowed on ${path}: use ${allowed.join(', ')}`));
          return;
        }
        sendError(reply, family.errors, noRouteError(req.method, path));
      });
      family.routes(scope, ctx);
    },
    { prefix: family.prefix },
  );
}
