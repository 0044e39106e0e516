/**
 * Schema Registry descriptors (`/{container}/descriptors`): list in every documented `Accept` form,
 * look up, create, replace and delete.
 *
 * `xdm`, `xdm-id` and `xdm-link` answer arrays keyed by `@type` (a type with none is left out, as the
 * guide says); their `xdm-v2…` forms answer `results` with `_page` and take the list query parameters.
 * Links are API paths, `/tenant/descriptors/{@id}`, as in the guide's example.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import type { JsonObject, JsonValue } from '../json';
import { checkDescriptorLookupAccept, descriptorListAccept, type ListForm } from './accept-header';
import { acceptOf, bodyOf, noRoute, rethrow } from './registry-http';
import { filterByProperty, pageOf, REGISTRY_LIST_QUERY, type RegistryQuery } from './registry-query';

/** A descriptor as written; which `@type` and fields it needs is the store's check. */
const DESCRIPTOR_BODY = { type: 'object', description: 'a descriptor object' } as const;

function render(d: JsonObject, form: ListForm): JsonValue {
  const id = String(d['@id']);
  return form === 'id' ? id : form === 'link' ? `/tenant/descriptors/${id}` : d;
}

/** Descriptors live in the tenant container only; `global` has none. */
function descriptorsOf(ctx: SandboxContext, req: FastifyRequest<{ Params: { container: string } }>): JsonObject[] {
  if (req.params.container === 'global') return [];
  if (req.params.container !== 'tenant') throw noRoute(req);
  return ctx.registry.listDescriptors(req.sandboxName);
}

export function registerDescriptorRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { container: string }; Querystring: RegistryQuery }>(
    '/:container/descriptors',
    { schema: { querystring: REGISTRY_LIST_QUERY } },
    async (req) => {
      const accept = descriptorListAccept(acceptOf(req));
      const all = descriptorsOf(ctx, req);
      if (accept.v2) {
        const { items, page } = pageOf(all, { ...req.query, orderby: req.query.orderby ?? '@id' });
        return { results: items.map((d) => render(d, accept.form)), _page: page };
      }
      const out: JsonObject = {};
      for (const d of filterByProperty(all, req.query)) {
        const type = String(d['@type']);
        const list = Array.isArray(out[type]) ? out[type] : [];
        list.push(render(d, accept.form));
        out[type] = list;
      }
      return out;
    },
  );

  app.get<{ Params: { container: string; id: string } }>('/:container/descriptors/:id', async (req) => {
    checkDescriptorLookupAccept(acceptOf(req));
    const d = descriptorsOf(ctx, req).find((x) => x['@id'] === req.params.id);
    if (!d) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `Descriptor ${req.params.id} was not found`);
    return d;
  });

  app.post('/tenant/descriptors', { schema: { body: DESCRIPTOR_BODY } }, async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      return reply.code(201).send(ctx.registry.createDescriptor(req.sandboxName, bodyOf(req)));
    } catch (e) {
      return rethrow(e);
    }
  });

  app.put<{ Params: { id: string } }>('/tenant/descriptors/:id', { schema: { body: DESCRIPTOR_BODY } }, async (req) => {
    try {
      return ctx.registry.replaceDescriptor(req.sandboxName, req.params.id, bodyOf(req));
    } catch (e) {
      return rethrow(e);
    }
  });

  app.delete<{ Params: { id: string } }>('/tenant/descriptors/:id', async (req, reply) => {
    try {
      ctx.registry.deleteDescriptor(req.sandboxName, req.params.id);
      return reply.code(204).send();
    } catch (e) {
      return rethrow(e);
    }
  });
}
