/**
 * Real-Time Customer Profile routes (`/data/core/ups`): entity lookups (GET and POST), related
 * experience events with paging, and default merge policies (aep-notes §8).
 *
 * Answers are keyed by XID; unknown identities in a POST still get an empty placeholder entry; a
 * graph of more than 50 identities gives 422. The entitlement switch answers 403 as an org without
 * Real-Time CDP Ultimate, so clients can explain it instead of reporting "not found".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { identityXid } from '../identity-xid';
import { sandboxIdOf, stableUuid } from '../ids';
import { isJsonObject, type JsonObject } from '../json';
import { pickFields } from '../profile/profile-store';
import { registerProfileNotEmulatedRoutes } from './profile-not-emulated';

const PROFILE = '_xdm.context.profile';
const EVENT = '_xdm.context.experienceevent';
const MAX_GRAPH = 50;
export const MAX_POST_IDENTITIES = 1000;

function fieldsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v !== '' ? v.split(',') : [];
}

/** A POST lookup: the identities' own form is checked by hand (`entityId` or `relatedEntityId`, a namespace as code or object). */
const LOOKUP_BODY = {
  type: 'object',
  required: ['schema', 'identities'],
  properties: {
    schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    identities: { type: 'array', minItems: 1, items: { type: 'object' } },
  },
} as const;

/**
 * The 400 for a `schema.name` Profile does not serve. Adobe's guide and spec name classes with their
 * leading underscore (`_xdm.context.experienceevent`); a name without it (as Adobe's Node library's
 * getExperienceEvents sends) is not documented as accepted, so it is refused with the documented name.
 */
function unsupportedSchema(name: string): string {
  const documented = [PROFILE, EVENT].find((n) => n === `_${name}`);
  return documented ? `Unsupported schema.name ${name}: the documented name is ${documented}, with its leading underscore` : `Unsupported schema.name ${name}: use ${PROFILE} or ${EVENT}`;
}

export function registerProfileRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { profiles } = ctx;

  const mergePolicy = (sandbox: string, schemaName: string): JsonObject => ({
    id: stableUuid(`${sandbox}/${schemaName}`),
    name: schemaName === PROFILE ? 'profile-default' : 'experienceevent-default',
    imsOrgId: ctx.credentials.orgId,
    sandbox: { sandboxId: sandboxIdOf(sandbox), sandboxName: sandbox, type: sandbox === 'prod' ? 'production' : 'development', default: sandbox === 'prod' },
    schema: { name: schemaName },
    version: 1,
    identityGraph: { type: 'pdg' },
    attributeMerge: { type: 'timestampOrdered' },
    isActiveOnEdge: false,
    default: true,
    updateEpoch: 1700000000,
  });

  /** Profile Access answers 403 as an org without the entitlement when the fault switch says so. */
  const entitled = async (_req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (ctx.faults.profileEntitlement) return undefined;
    return reply.code(403).header('content-type', 'application/json').send({ message: 'UPS-ACC-1000004: IMS Org is not provisioned.', cause: 'The organization is not entitled to Real-Time CDP Ultimate', statusCode: '403' });
  };

  /** The keyed entry of one profile. */
  const entityEntry = (sandbox: string, profileId: string, fields: string[]): JsonObject => {
    if (profiles.identityCount(sandbox, profileId) > MAX_GRAPH) {
      throw new ApiError(422, 'UPS-MRG-1000001', 'Unprocessable Entity', `Too many related identities for XID ${profileId}`);
    }
    const view = profiles.entity(sandbox, profileId);
    const entity: JsonObject = {
      identities: view.identities.map((i) => {
        const item: JsonObject = { id: i.id, namespace: { code: i.ns } };
        // Primary is what the records said, not the identity that was looked up.
        if (i.primary) item.primary = true;
        return item;
      }),
      ...view.attrs,
    };
    const out: JsonObject = {
      entityId: profileId,
      sources: view.sources,
      tags: view.batches,
      // The XIDs of the profiles stitched into this one: the sandbox merges a graph into one profile.
      identityGraph: [profileId],
      entity: pickFields(entity, fields),
      mergePolicy: { id: stableUuid(`${sandbox}/${PROFILE}`) },
      lastModifiedAt: new Date(view.lastModified || Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    return out;
  };

  const eventPage = (
    sandbox: string,
    profileId: string,
    q: { fields: string[]; startTime?: number; endTime?: number; limit: number; orderby: string; start?: string },
    hrefBase: (start: string) => string,
  ): JsonObject => {
    const descending = q.orderby.startsWith('-');
    const opts: Parameters<typeof profiles.events>[2] = { limit: q.limit, descending };
    if (q.startTime !== undefined) opts.startTime = q.startTime;
    if (q.endTime !== undefined) opts.endTime = q.endTime;
    if (q.start) opts.after = q.start;
    const page = profiles.events(sandbox, profileId, opts);
    return {
      _page: { orderby: q.orderby.replace(/^[+-]/, '') === 'timestamp' ? 'timestamp' : q.orderby, start: page.rows[0]?.id ?? '', count: page.rows.length, next: page.next },
      children: page.rows.map((r) => ({
        relatedEntityId: profileId,
        entityId: r.id,
        timestamp: r.ts,
        entity: pickFields(r.entity, q.fields),
        lastModifiedAt: new Date(r.updated).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      })),
      _links: { next: { href: page.next === '' ? '' : hrefBase(page.next) } },
    };
  };

  const bad = (message: string): ApiError => new ApiError(400, 'UPS-VAL-1000001', 'Bad Request', message);
  const num = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));

  app.get<{ Querystring: Record<string, string | undefined> }>('/access/entities', { onRequest: entitled }, async (req) => {
    const q = req.query;
    const sandbox = req.sandboxName;
    const schemaName = q['schema.name'];
    if (!schemaName) throw bad('schema.name is required');
    const fields = fieldsOf(q.fields);
    if (schemaName === EVENT) {
      const relatedId = q.relatedEntityId;
      if (!relatedId) throw bad('relatedEntityId is required for experience events');
      const ns = q.relatedEntityIdNS;
      const profileId = ns ? profiles.profileOf(sandbox, ns, relatedId) : profiles.exists(sandbox, relatedId) ? relatedId : undefined;
      if (!profileId) throw new ApiError(404, 'UPS-ACC-1000404', 'Not Found', 'No profile found for the related identity');
      const limit = Math.min(Math.max(Number(q.limit ?? 1000) || 1000, 1), 1000);
      const orderby = q.orderby ?? '+timestamp';
      const opts = { fields, limit, orderby, startTime: num(q.startTime), endTime: num(q.endTime), start: q.start };
      return eventPage(sandbox, profileId, opts, (start) => {
        const p = new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')), start });
        return `/entities?${p.toString()}`;
      });
    }
    if (schemaName !== PROFILE) throw bad(unsupportedSchema(schemaName));
    const entityId = q.entityId;
    if (!entityId) throw bad('entityId is required');
    const ns = q.entityIdNS;
    const profileId = ns ? profiles.profileOf(sandbox, ns, entityId) : profiles.exists(sandbox, entityId) ? entityId : undefined;
    if (!profileId) throw new ApiError(404, 'UPS-ACC-1000404', 'Not Found', `No profile found for ${ns ?? 'XID'} ${entityId}`);
    return { [profileId]: entityEntry(sandbox, profileId, fields) };
  });

  app.post<{ Body: JsonObject & { schema: { name: string }; identities: JsonObject[] } }>('/access/entities', { onRequest: entitled, schema: { body: LOOKUP_BODY } }, async (req, reply) => {
    const body = req.body;
    const sandbox = req.sandboxName;
    if (body.identities.length > MAX_POST_IDENTITIES) {
      throw new ApiError(422, 'UPS-ACC-1000422', 'Unprocessable Entity', `At most ${MAX_POST_IDENTITIES} identities can be requested at once`);
    }
    const fields = fieldsOf(body.fields);
    const schemaName = body.schema.name;
    const out: JsonObject = {};
    for (const raw of body.identities) {
      const entityId = typeof raw.entityId === 'string' ? raw.entityId : typeof raw.relatedEntityId === 'string' ? raw.relatedEntityId : undefined;
      if (!entityId) throw bad('each identity needs entityId');
      const nsv = raw.entityIdNS;
      const ns = isJsonObject(nsv) && typeof nsv.code === 'string' ? nsv.code : typeof nsv === 'string' ? nsv : undefined;
      const profileId = ns ? profiles.profileOf(sandbox, ns, entityId) : profiles.exists(sandbox, entityId) ? entityId : undefined;
      if (schemaName === EVENT) {
        if (!profileId) continue;
        const timeFilter = isJsonObject(body.timeFilter) ? body.timeFilter : {};
        const limit = Math.min(Math.max(Number(body.limit ?? 1000) || 1000, 1), 1000);
        const orderby = typeof body.orderby === 'string' ? body.orderby : typeof body.orderBy === 'string' ? body.orderBy : '+timestamp';
        const start = typeof raw.start === 'string' ? raw.start : undefined;
        const pageBody = eventPage(sandbox, profileId, { fields, limit, orderby, startTime: num(timeFilter.startTime), endTime: num(timeFilter.endTime), start }, () => '');
        const next = (pageBody._page as JsonObject).next;
        if (typeof next === 'string' && next !== '') {
          (pageBody._links as JsonObject).next = { payload: { ...body, identities: [{ ...raw, start: next }] } };
        }
        out[profileId] = pageBody;
        continue;
      }
      if (profileId) out[profileId] = entityEntry(sandbox, profileId, fields);
      else {
        const key = identityXid(ns ?? 'xid', entityId);
        out[key] = { entityId: key, sources: [''], entity: {}, lastModifiedAt: '1970-01-01T00:00:00Z' };
      }
    }
    return reply.code(200).send(out);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/config/mergePolicies', async (req) => {
    const name = req.query['schema.name'];
    const children = [PROFILE, EVENT].filter((n) => !name || n === name).map((n) => mergePolicy(req.sandboxName, n));
    return { _page: { totalCount: children.length, pageSize: children.length, count: children.length, next: '' }, children, _links: { next: { href: '' } } };
  });

  app.get<{ Params: { id: string } }>('/config/mergePolicies/:id', async (req) => {
    const found = [PROFILE, EVENT].map((n) => mergePolicy(req.sandboxName, n)).find((p) => p.id === req.params.id);
    if (!found) throw new ApiError(404, 'UPS-MRG-1000404', 'Not Found', `Merge policy ${req.params.id} was not found`);
    return found;
  });

  app.post('/config/mergePolicies/bulk-get', async (req, reply) => {
    const body = req.body;
    const ids = isJsonObject(body) && Array.isArray(body.ids) ? body.ids.filter(isJsonObject).map((i) => String(i.id)) : [];
    const all = [PROFILE, EVENT].map((n) => mergePolicy(req.sandboxName, n));
    const results: JsonObject = {};
    for (const id of ids) {
      const p = all.find((x) => x.id === id);
      results[id] = p ?? { id, error: { message: `Merge policy ${id} was not found`, statusCode: '404' } };
    }
    return reply.code(207).send({ results });
  });

  registerProfileNotEmulatedRoutes(app);
}
