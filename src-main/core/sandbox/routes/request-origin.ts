/**
 * The origin a client reached the sandbox through, for the `_links` it is given back.
 *
 * Behind a proxy (a recording proxy, a container port mapping) the sandbox's own listening address is
 * not one the client can reach: links are built from the request's `Host`, or from `X-Forwarded-Proto`
 * / `X-Forwarded-Host` when a proxy set them (the first value of each, the client-facing hop).
 */
import type { FastifyRequest } from 'fastify';
import { headerOf } from '../http/gates';

function first(value: string | undefined): string | undefined {
  const v = value?.split(',')[0]?.trim();
  return v === '' ? undefined : v;
}

export function requestOrigin(req: FastifyRequest, fallback: string): string {
  const host = first(headerOf(req, 'x-forwarded-host')) ?? first(headerOf(req, 'host'));
  if (!host) return fallback;
  const proto = first(headerOf(req, 'x-forwarded-proto')) ?? req.protocol;
  return `${proto}://${host}`;
}
