/**
 * Schema Registry routes (`/data/foundation/schemaregistry`): stats, global and tenant resources,
 * tenant schemas (create, patch with the union tag, delete), descriptors and unions.
 *
 * Global resources come from the XDM library in Compatibility Mode; tenant schemas from the
 * registry store. Every GET follows the Accept rules of `accept-header.ts`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { JsonPatchError } from '../json-patch';
import { stripText, toCompatRaw } from '../xdm/compat-mode';
import { RegistryError } from '../xdm/schema-registry-store';
import type { GlobalKind, GlobalResource } from '../xdm/xdm-library';
import { listAccept, lookupAccept } from './accept-header';

type Kind = GlobalKind | 'schemas';
const KINDS: Record<string, Kind> = {
  schemas: 'schemas',
  classes: 'classes',
  fieldgroups: 'fieldgroups',
  mixins: 'fieldgroups',
  datatypes: 'datatypes',
  behaviors: 'behaviors',
};
const RESOURCE_TYPE: Record<Kind, string> = { schemas: 'schemas', classes: 'classes', fieldgroups: 'mixins', datatypes: 'datatypes', behaviors: 'behaviors' };

function acceptOf(req: FastifyRequest): string | undefined {
  const v = req.headers.accept;
  return Array.isArray(v) ? v[0] : v;
}

function rethrow(e: unknown): never {
  if (e instanceof RegistryError) throw new ApiError(e.status, e.code, e.title, e.message);
  if (e instanceof JsonPatchError) throw new ApiError(400, 'XDM-1001-400', 'Bad Request', e.message);
  throw e;
}

export function registerSchemaRegistryRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { registry, library } = ctx;
  /** The family's prefix, for absolute `_links`. */
  const BASE = app.prefix;

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

  const tenantDoc = (sandbox: string, doc: JsonObject, full: boolean): JsonObject => {
    if (!full) return doc;
    const resolved = registry.resolve(sandbox, doc);
    const out: JsonObject = { ...doc, ...resolved };
    delete out.allOf;
    delete out.refs;
    out.title = doc.title ?? '';
    out.description = doc.description ?? '';
    return out;
  };

  const all = (sandbox: string, container: string, kind: Kind): JsonObject[] => {
    if (container === 'global') {
      if (kind === 'schemas') return [];
      return library.resources(kind).map((r) => globalDoc(sandbox, r, false));
    }
    if (container !== 'tenant') throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `Unknown container ${container}`);
    return kind === 'schemas' ? registry.listSchemas(sandbox) : [];
  };

  app.get('/stats', async (req) => {
    const sandbox = req.sandboxName;
    const schemas = registry.listSchemas(sandbox);
    const byClass = new Map<string, JsonObject[]>();
    for (const s of schemas) {
      const cls = String(s['meta:class']);
      byClass.set(cls, [...(byClass.get(cls) ?? []), { $id: s.$id ?? '', title: s.title ?? '', description: s.description ?? '' }]);
    }
    const classUsage = [...byClass.entries()].map(([cls, list]) => ({
      $id: cls,
      title: String(library.byId(cls)?.title ?? cls),
      numberOfSchemas: list.length,
      schemas: list,
    }));
    const recent = [...schemas]
      .reverse()
      .slice(0, 5)
      .map((s) => ({ title: s.title ?? '', description: s.description ?? '', 'meta:resourceType': 'schemas', 'meta:created': new Date().toISOString(), 'meta:updated': new Date().toISOString(), $id: s.$id ?? '', version: s.version ?? '1.0' }));
    const unions = new Set(schemas.filter((s) => Array.isArray(s['meta:immutableTags']) && s['meta:immutableTags'].includes('union')).map((s) => String(s['meta:class'])));
    return {
      imsOrg: ctx.credentials.orgId,
      tenantId: registry.tenantId,
      counts: { schemas: schemas.length, mixins: 0, datatypes: 0, classes: 0, unions: unions.size },
      recentlyCreatedResources: recent,
      recentlyUpdatedResources: recent,
      classUsage,
    };
  });

  app.get<{ Params: { container: string; kind: string }; Querystring: Record<string, string | undefined> }>('/:container/:kind', async (req, reply) => {
    const { container, kind: kindName } = req.params;
    if (kindName === 'descriptors') return listDescriptors(req, reply);
    if (kindName === 'unions') return listUnions(req);
    const kind = KINDS[kindName];
    if (!kind) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `Unknown resource type ${kindName}`);
    const accept = listAccept(acceptOf(req));
    let items = all(req.sandboxName, container, kind);
    const property = req.query.property;
    if (property) {
      for (const clause of property.split(',')) {
        const m = /^([^=!<>~]+)(==|!=)(.*)$/.exec(clause);
        if (!m) continue;
        const [, key = '', op, value] = m;
        items = items.filter((i) => {
          const v = i[key];
          const hit = Array.isArray(v) ? v.includes(value ?? '') : String(v) === value;
          return op === '==' ? hit : !hit;
        });
      }
    }
    const orderby = req.query.orderby;
    if (orderby) {
      const desc = orderby.startsWith('-');
      const key = orderby.replace(/^[-+]/, '');
      items = [...items].sort((a, b) => String(a[key] ?? '').localeCompare(String(b[key] ?? '')) * (desc ? -1 : 1));
    }
    const start = req.query.start;
    if (orderby && start) {
      const key = orderby.replace(/^[-+]/, '');
      const idx = items.findIndex((i) => String(i[key] ?? '') === start);
      if (idx >= 0) items = items.slice(idx);
    }
    const limit = Math.min(Math.max(Number(req.query.limit ?? 500) || 500, 1), 500);
    const page = items.slice(0, limit);
    const next = items.length > limit ? String(items[limit]?.[orderby?.replace(/^[-+]/, '') ?? 'title'] ?? '') : null;
    const results = accept.form === 'id' ? page.map((i) => ({ $id: i.$id ?? '', 'meta:altId': i['meta:altId'] ?? '', version: i.version ?? '1.0', title: i.title ?? '' })) : page;
    const href = (c: string): string => `${ctx.origin()}${BASE}/${c}/${kindName}`;
    return {
      results,
      _page: { orderby: orderby ?? 'title', next, count: page.length },
      _links: { next: next === null ? null : { href: `${href(container)}?orderby=${orderby ?? 'title'}&start=${encodeURIComponent(next)}` }, global_schemas: { href: href('global') } },
    };
  });

  app.get<{ Params: { container: string; kind: string; id: string } }>('/:container/:kind/:id', async (req) => {
    const { container, kind: kindName, id } = req.params;
    const sandbox = req.sandboxName;
    if (kindName === 'descriptors') {
      const d = registry.listDescriptors(sandbox).find((x) => x['@id'] === id);
      if (!d) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `Descriptor ${id} was not found`);
      return d;
    }
    const kind = KINDS[kindName];
    if (!kind) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `Unknown resource type ${kindName}`);
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // keep the raw id
    }
    let doc: JsonObject | undefined;
    let globalRes: GlobalResource | undefined;
    if (container === 'global' && kind !== 'schemas') globalRes = library.find(kind, decoded);
    else if (container === 'tenant' && kind === 'schemas') doc = registry.findSchema(sandbox, decoded);
    if (!doc && !globalRes) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `The requested resource ${decoded} was not found`);
    const accept = lookupAccept(acceptOf(req), globalRes ? '1.0' : String(doc?.version ?? '1.0'));
    const out = globalRes ? globalDoc(sandbox, globalRes, accept.full) : tenantDoc(sandbox, doc as JsonObject, accept.full);
    return accept.notext ? stripText(out) : out;
  });

  app.post('/tenant/schemas', async (req, reply) => {
    try {
      const doc = registry.createSchema(req.sandboxName, (req.body ?? null) as JsonValue);
      return reply.code(201).send(doc);
    } catch (e) {
      return rethrow(e);
    }
  });

  app.patch<{ Params: { id: string } }>('/tenant/schemas/:id', async (req) => {
    try {
      return registry.patchSchema(req.sandboxName, req.params.id, (req.body ?? null) as JsonValue);
    } catch (e) {
      return rethrow(e);
    }
  });

  app.delete<{ Params: { id: string } }>('/tenant/schemas/:id', async (req, reply) => {
    const doc = registry.findSchema(req.sandboxName, req.params.id);
    if (!doc) throw new ApiError(404, 'XDM-1012-404', 'Resource Not Found', `The requested resource ${req.params.id} was not found`);
    if (ctx.docs.list<JsonObject>(req.sandboxName, 'dataset').some((d) => isJsonObject(d.schemaRef) && d.schemaRef.id === doc.$id)) {
      throw new ApiError(400, 'XDM-1016-400', 'Bad Request', 'The schema is used by a dataset and cannot be deleted');
    }
    ctx.docs.delete(req.sandboxName, 'schema', String(doc.$id));
    return reply.code(204).send();
  });

  app.post('/tenant/descriptors', async (req, reply) => {
    try {
      return reply.code(201).send(registry.createDescriptor(req.sandboxName, (req.body ?? null) as JsonValue));
    } catch (e) {
      return rethrow(e);
    }
  });

  const listDescriptors = async (req: FastifyRequest, _reply: unknown): Promise<JsonObject> => {
    const accept = acceptOf(req) ?? '';
    const form = /xdm-id\+json/.test(accept) ? 'id' : /xdm-link\+json/.test(accept) ? 'link' : /xdm(-v2)?\+json/.test(accept) ? 'full' : undefined;
    if (!form || /version=/.test(accept)) {
      throw new ApiError(400, 'XDM-1006-400', 'Accept header invalid', `The supplied Accept header is not valid: ${accept} - A valid Accept value should look like application/vnd.adobe.xdm+json`);
    }
    const out: JsonObject = {};
    for (const d of registry.listDescriptors(req.sandboxName)) {
      const type = String(d['@type']);
      const list = Array.isArray(out[type]) ? (out[type] as JsonValue[]) : [];
      list.push(form === 'id' ? String(d['@id']) : form === 'link' ? `${ctx.origin()}${BASE}/tenant/descriptors/${String(d['@id'])}` : d);
      out[type] = list;
    }
    return out;
  };

  const listUnions = async (req: FastifyRequest): Promise<JsonObject> => {
    listAccept(acceptOf(req));
    const classes = new Set(
      registry
        .listSchemas(req.sandboxName)
        .filter((s) => Array.isArray(s['meta:immutableTags']) && s['meta:immutableTags'].includes('union'))
        .map((s) => String(s['meta:class'])),
    );
    const results = [...classes].map((cls) => {
      const tail = cls.split('/').pop() ?? cls;
      return { $id: `https://ns.adobe.com/${registry.tenantId}/schemas/__union__${tail}`, 'meta:altId': `_${registry.tenantId}.schemas.__union__${tail}`, version: '1.0', title: `Union for ${tail}` };
    });
    return { results, _page: { orderby: 'title', next: null, count: results.length }, _links: { next: null, global_schemas: { href: `${ctx.origin()}${BASE}/global/schemas` } } };
  };
}
