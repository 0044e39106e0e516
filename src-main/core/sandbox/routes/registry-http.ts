/**
 * What every Schema Registry route module shares: the request's `Accept`, its body as JSON, and the
 * store's refusals turned into the registry's `ApiError`s.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError, noRouteError, type RequestError } from '../http/errors';
import type { JsonValue } from '../json';
import { JsonPatchError } from '../json-patch';
import { RegistryError } from '../xdm/registry-error';

/** The first `Accept` header (Node joins repeated ones; fastify may hand an array). */
export function acceptOf(req: FastifyRequest): string | undefined {
  const v = req.headers.accept;
  return Array.isArray(v) ? v[0] : v;
}

/** The parsed JSON body, `null` when there is none. */
export function bodyOf(req: FastifyRequest): JsonValue {
  return (req.body ?? null) as JsonValue;
}

/** Store refusals and bad patches as registry errors; anything else is the sandbox's own failure. */
export function rethrow(e: unknown): never {
  if (e instanceof RegistryError) throw new ApiError(e.status, e.code, e.title, e.message);
  if (e instanceof JsonPatchError) throw new ApiError(400, 'XDM-1001-400', 'Bad Request', e.message);
  throw e;
}

/**
 * The answer for a path the generic `/:container/:kind` routes match but the registry does not
 * serve (an unknown container or resource type): the same "No route" 404 as any other unknown path.
 */
export function noRoute(req: FastifyRequest): RequestError {
  return noRouteError(req.method, req.url);
}
