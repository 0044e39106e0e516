/**
 * Schema Registry routes (`/data/foundation/schemaregistry`): stats; global and tenant schemas,
 * classes, field groups (also under their old name, mixins), data types and behaviours, listed and
 * looked up in every documented `Accept` form; create, replace (PUT), patch and delete in the tenant
 * container; unions; descriptors (`registry-descriptors.ts`) and `/rpc` (`registry-rpc.ts`).
 *
 * Global resources come from the XDM library in Compatibility Mode; tenant resources from the
 * registry store, which makes AEP's checks on every write.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { isJsonObject, type JsonObject } from '../json';
import { applyJsonPatch } from '../json-patch';
import { stripText, toCompatRaw } from '../xdm/compat-mode';
import { flattenFields } from '../xdm/flat-fields';
import { notFound } from '../xdm/registry-error';
import type { TenantKind } from '../xdm/tenant-resources';
import { altIdOf, type GlobalKind, type GlobalResource } from '../xdm/xdm-library';
import { listAccept, lookupAccept, type ListForm, type LookupAccept } from './accept-header';
import { registerDescriptorRoutes } from './registry-descriptors';
import { acceptOf, bodyOf, noRoute, rethrow } from './registry-http';
import { pageOf, REGISTRY_LIST_QUERY, type RegistryQuery } from './registry-query';
import { registerRegistryRpcRoutes } from './registry-rpc';

type Kind = GlobalKind | 'schemas';

/** A tenant resource as written (its checks are the store's, AEP's on every write); PATCH takes RFC 6902 operations. */
const RESOURCE_BODY = { type: 'object', description: 'a JSON object' } as const;
const PATCH_BODY = { type: 'array', description: 'a JSON Patch array' } as const;
/** Path segment → resource kind; `mixins` is the field groups' old name, still served. */
const KINDS: Record<string, Kind> = {
  schemas: 'schemas',
  classes: 'classes',
  fieldgroups: 'fieldgroups',
  mixins: 'fieldgroups',
  datatypes: 'datatypes',
  behaviors: 'behaviors',
};
const RESOURCE_TYPE: Record<Kind, string> = { schemas: 'schemas', classes: 'classes', fieldgroups: 'mixins', datatypes: 'datatypes', behaviors: 'behaviors' };

/** The kind a tenant write path names; behaviours are Adobe's only. */
function writableKind(req: FastifyRequest<{ Params: { kind: string } }>): TenantKind {
  const kind = KINDS[req.params.kind];
  if (kind === undefined) throw noRoute(req);
  if (kind === 'behaviors')
    throw new ApiError(405, 'XDM-1000-405', 'Method Not Allowed', `${req.method} is not allowed on behaviors: they are defined by Adobe only`);
  return kind;
}

/** The kind a read path names, in a container the registry has. */
function readKind(req: FastifyRequest<{ Params: { container: string; kind: string } }>): Kind {
  const kind = KINDS[req.params.kind];
  if (kind === undefined || !['global', 'tenant'].includes(req.params.container)) throw noRoute(req);
  return kind;
}

function hasUnion(s: JsonObject): boolean {
  return Array.isArray(s['meta:immutableTags']) && s['meta:immutableTags'].includes('union');
}

/** A list item in the `xed-id` form (and, with its API path, `xed-link`). */
function summary(i: JsonObject, form: ListForm, href: string): JsonObject {
  const out: JsonObject = { $id: i.$id ?? '', 'meta:altId': i['meta:altId'] ?? '', version: i.version ?? '1.0', title: i.title ?? '' };
  if (form === 'link') out._links = { self: { href } };
  return out;
}

export function registerSchemaRegistryRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { registry, library } = ctx;
  /** The family's prefix, for absolute `_links`. */
  const BASE = app.prefix;

  registerDescriptorRoutes(app, ctx);
  registerRegistryRpcRoutes(app, ctx);

  /** A global resource with AEP's registry metadata, raw (`xed`) or resolved (`xed-full`). */
  const globalDoc = (sandbox: string, r: GlobalResource, full: boolean): JsonObject => {
    const meta: JsonObject = {
      $id: r.id,
      'meta:altId': r.altId,
      'meta:resourceType': RESOURCE_TYPE[r.kind],
      version: '1.0',
      title: typeof r.doc.title === 'string' ? r.doc.title : r.altId,
      description: typeof r.doc.description === 'string' ? r.doc.description : '',
      'meta:containerId': 'global',
      'meta:xdmType': 'object',
    };
    const body = full ? registry.resolve(sandbox, r.doc) : (toCompatRaw(r.doc) as JsonObject);
    const out: JsonObject = { ...body, ...meta };
    for (const k of ['meta:abstract', 'meta:extensible', 'meta:extends', 'meta:intendedToExtend', 'meta:status', 'meta:tags']) {
      const v = r.doc[k];
      if (v !== undefined) out[k] = v;
    }
    if (full) delete out.definitions;
    return out;
  };

  /** A tenant resource raw (as stored) or resolved: its own metadata over the merged tree. */
  const tenantDoc = (sandbox: string, doc: JsonObject, full: boolean): JsonObject => {
    if (!full) return doc;
    const out: JsonObject = { ...doc, ...registry.resolve(sandbox, doc) };
    delete out.allOf;
    delete out.refs;
    delete out.definitions;
    out.title = doc.title ?? '';
    out.description = doc.description ?? '';
    return out;
  };

  /** Renders a looked-up resource in the view its `Accept` asks for. */
  const render = (sandbox: string, doc: JsonObject, global: GlobalResource | undefined, accept: LookupAccept): JsonObject => {
    const full = accept.view !== 'raw';
    let out = global ? globalDoc(sandbox, global, full) : tenantDoc(sandbox, doc, full);
    if (accept.view === 'flat') out = flattenFields(out);
    if (accept.descriptors && !global && doc['meta:resourceType'] === 'schemas') {
      // XDM applies descriptors to a schema through `meta:descriptors` (adobe/xdm docs/descriptors.md).
      out['meta:descriptors'] = registry.listDescriptors(sandbox).filter((d) => d['xdm:sourceSchema'] === doc.$id);
    }
    return accept.notext ? (stripText(out) as JsonObject) : out;
  };

  const all = (sandbox: string, container: string, kind: Kind): JsonObject[] => {
    if (container === 'global') {
      if (kind === 'schemas') return [];
      return library.resources(kind).map((r) => globalDoc(sandbox, r, false));
    }
    return kind === 'behaviors' ? [] : registry.tenant.list(sandbox, kind);
  };

  /** A list answer: `results` in the Accept's form, `_page`, and `_links` for the next page. */
  const listAnswer = (req: FastifyRequest<{ Querystring: RegistryQuery }>, container: string, kindName: string, items: JsonObject[]): JsonObject => {
    const accept = listAccept(acceptOf(req));
    const { items: page, page: meta } = pageOf(items, req.query);
    const href = (c: string): string => `${ctx.origin()}${BASE}/${c}/${kindName}`;
    const results = accept.form === 'full' ? page : page.map((i) => summary(i, accept.form, `${href(container)}/${encodeURIComponent(String(i.$id ?? ''))}`));
    return {
      results,
      _page: meta,
      _links: {
        next: meta.next === null ? null : { href: `${href(container)}?orderby=${encodeURIComponent(meta.orderby)}&start=${encodeURIComponent(meta.next)}` },
        // As the guides' list examples: the same kind in the global container.
        global_schemas: { href: `${href('global')}?orderby=${encodeURIComponent(meta.orderby)}` },
      },
    };
  };

  app.get('/stats', async (req) => {
    const sandbox = req.sandboxName;
    const schemas = registry.listSchemas(sandbox);
    const byClass = new Map<string, JsonObject[]>();
    for (const s of schemas) {
      const cls = String(s['meta:class']);
      byClass.set(cls, [...(byClass.get(cls) ?? []), { $id: s.$id ?? '', title: s.title ?? '', description: s.description ?? '' }]);
    }
    // Keyed by class `$id`, each the schemas of that class: the guide's shape (README, "Where we follow
    // Adobe's guides over its spec", item 17); the spec's is an array of per-class items.
    const classUsage = Object.fromEntries(byClass);
    const stamp = (s: JsonObject, key: string): string => {
      const meta = s['meta:registryMetadata'];
      const ms = isJsonObject(meta) ? Number(meta[key]) : NaN;
      return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
    };
    const resources = [
      ...registry.tenant.list(sandbox, 'classes'),
      ...registry.tenant.list(sandbox, 'fieldgroups'),
      ...registry.tenant.list(sandbox, 'datatypes'),
      ...schemas,
    ];
    const recent = (key: string): JsonObject[] =>
      [...resources]
        .sort((a, b) => stamp(b, key).localeCompare(stamp(a, key)))
        .slice(0, 5)
        .map((s) => ({
          title: s.title ?? '',
          description: s.description ?? '',
          'meta:resourceType': s['meta:resourceType'] ?? 'schemas',
          'meta:created': stamp(s, 'repo:createdDate'),
          'meta:updated': stamp(s, 'repo:lastModifiedDate'),
          $id: s.$id ?? '',
          version: s.version ?? '1.0',
        }));
    const unions = new Set(schemas.filter(hasUnion).map((s) => String(s['meta:class'])));
    return {
      imsOrg: ctx.credentials.orgId,
      tenantId: registry.tenantId,
      counts: {
        schemas: schemas.length,
        mixins: registry.tenant.list(sandbox, 'fieldgroups').length,
        datatypes: registry.tenant.list(sandbox, 'datatypes').length,
        classes: registry.tenant.list(sandbox, 'classes').length,
        unions: unions.size,
      },
      recentlyCreatedResources: recent('repo:createdDate'),
      recentlyUpdatedResources: recent('repo:lastModifiedDate'),
      classUsage,
    };
  });

  /** The union of a class: every schema of it tagged `union`, `$id` `{class}__union` as AEP names it. */
  const unionsOf = (sandbox: string): JsonObject[] => {
    const members = new Map<string, JsonObject[]>();
    for (const s of registry.listSchemas(sandbox).filter(hasUnion)) {
      const cls = String(s['meta:class']);
      members.set(cls, [...(members.get(cls) ?? []), s]);
    }
    return [...members.entries()].map(([cls, schemas]) => ({
      $id: `${cls}__union`,
      'meta:altId': `${altIdOf(cls)}__union`,
      'meta:resourceType': 'unions',
      version: '1.0',
      type: 'object',
      title: String(library.byId(cls)?.title ?? registry.tenant.byId(sandbox, cls)?.title ?? cls),
      description: '',
      'meta:class': cls,
      'meta:containerId': 'tenant',
      allOf: schemas.map((s) => ({ $ref: String(s.$id) })),
    }));
  };

  app.get<{ Querystring: RegistryQuery }>('/tenant/unions', { schema: { querystring: REGISTRY_LIST_QUERY } }, async (req) =>
    listAnswer(req, 'tenant', 'unions', unionsOf(req.sandboxName)),
  );

  app.get<{ Params: { id: string } }>('/tenant/unions/:id', async (req) => {
    const id = decodeURIComponent(req.params.id);
    const union = unionsOf(req.sandboxName).find((u) => u.$id === id || u['meta:altId'] === id);
    if (!union) throw notFound(id);
    const accept = lookupAccept(acceptOf(req), '1.0');
    return render(req.sandboxName, union, undefined, accept);
  });

  app.get<{ Params: { container: string; kind: string }; Querystring: RegistryQuery }>(
    '/:container/:kind',
    { schema: { querystring: REGISTRY_LIST_QUERY } },
    async (req) => {
      const { container, kind: kindName } = req.params;
      return listAnswer(req, container, kindName, all(req.sandboxName, container, readKind(req)));
    },
  );

  app.get<{ Params: { container: string; kind: string; id: string } }>('/:container/:kind/:id', async (req) => {
    const { container, id } = req.params;
    const sandbox = req.sandboxName;
    const kind = readKind(req);
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // keep the raw id
    }
    let doc: JsonObject | undefined;
    let globalRes: GlobalResource | undefined;
    if (container === 'global' && kind !== 'schemas') globalRes = library.find(kind, decoded);
    else if (container === 'tenant' && kind !== 'behaviors') doc = registry.tenant.find(sandbox, kind, decoded);
    const found = globalRes?.doc ?? doc;
    if (!found) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `The requested resource ${decoded} was not found`);
    const accept = lookupAccept(acceptOf(req), globalRes ? '1.0' : String(found.version ?? '1.0'));
    return render(sandbox, found, globalRes, accept);
  });

  app.post<{ Params: { kind: string } }>('/tenant/:kind', { schema: { body: RESOURCE_BODY } }, async (req, reply) => {
    const kind = writableKind(req);
    try {
      const doc = kind === 'schemas' ? registry.createSchema(req.sandboxName, bodyOf(req)) : registry.tenant.write(req.sandboxName, kind, bodyOf(req));
      return reply.code(201).send(doc);
    } catch (e) {
      return rethrow(e);
    }
  });

  /** PUT replaces a tenant resource with the body, PATCH applies the body (a JSON Patch) to it; both are checked as a create is. */
  const update =
    (method: 'PUT' | 'PATCH') =>
    async (req: FastifyRequest<{ Params: { kind: string; id: string } }>): Promise<JsonObject> => {
      const kind = writableKind(req);
      const { sandboxName: sandbox } = req;
      try {
        if (kind === 'schemas')
          return method === 'PUT' ? registry.replaceSchema(sandbox, req.params.id, bodyOf(req)) : registry.patchSchema(sandbox, req.params.id, bodyOf(req));
        const current = registry.tenant.find(sandbox, kind, req.params.id);
        if (!current) throw notFound(req.params.id);
        return registry.tenant.write(sandbox, kind, method === 'PUT' ? bodyOf(req) : applyJsonPatch(current, bodyOf(req)), current);
      } catch (e) {
        return rethrow(e);
      }
    };
  app.put('/tenant/:kind/:id', { schema: { body: RESOURCE_BODY } }, update('PUT'));
  app.patch('/tenant/:kind/:id', { schema: { body: PATCH_BODY } }, update('PATCH'));

  app.delete<{ Params: { kind: string; id: string } }>('/tenant/:kind/:id', async (req, reply) => {
    const kind = writableKind(req);
    const sandbox = req.sandboxName;
    const usedByDataset = (schemaId: string): boolean =>
      ctx.docs.list<JsonObject>(sandbox, 'dataset').some((d) => isJsonObject(d.schemaRef) && d.schemaRef.id === schemaId);
    try {
      registry.deleteResource(sandbox, kind, req.params.id, usedByDataset);
      return reply.code(204).send();
    } catch (e) {
      return rethrow(e);
    }
  });
}
