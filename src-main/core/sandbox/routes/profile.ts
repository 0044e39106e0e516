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
import { firstValues, queryValue } from '../http/schema-parts';
import { identityXid } from '../identity-xid';
import { sandboxIdOf, stableUuid } from '../ids';
import type { JsonObject } from '../json';
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

/**
 * The classes Profile serves here, named as Adobe's guide and spec name them, with their leading
 * underscore; a name without it (as Adobe's Node library's getExperienceEvents sends) is not
 * documented as accepted, so it is refused with the documented names.
 */
const SCHEMA_NAME_WORDS = `${PROFILE} or ${EVENT}, with its leading underscore`;
const SCHEMA_NAME = { type: 'string', enum: [PROFILE, EVENT], description: SCHEMA_NAME_WORDS };
const TEXT = queryValue('^.+$', 'text that is not empty');
const EPOCH_MS = queryValue('^[0-9]+$', 'epoch milliseconds');
/**
 * `(+/-)timestamp` (the spec). A `+` left unencoded in a URL reads as a space, so ` timestamp` is the
 * same ascending order.
 */
const ORDER = '^[+ -]?timestamp$';
const ORDER_WORDS = '+timestamp or -timestamp';

/**
 * `GET /access/entities`: a class; `entityId` for a profile, `relatedEntityId` for its experience
 * events; the time-series paging parameters. `limit` is the most events a page holds (default 1000);
 * Adobe documents no upper bound and no refusal, so above 1000 the sandbox serves pages of 1000 and
 * `_page.next` leads on, which a client reading `limit` as a maximum already handles.
 */
const ENTITIES_QUERY = {
  type: 'object',
  required: ['schema.name'],
  properties: {
    'schema.name': queryValue(`^(?:${[PROFILE, EVENT].map((n) => n.replace(/\./g, '\\.')).join('|')})$`, SCHEMA_NAME_WORDS),
    entityId: TEXT,
    entityIdNS: TEXT,
    relatedEntityId: TEXT,
    relatedEntityIdNS: TEXT,
    fields: queryValue('', 'field paths separated by commas'),
    startTime: EPOCH_MS,
    endTime: EPOCH_MS,
    limit: queryValue('^0*[1-9][0-9]*$', 'an integer from 1'),
    orderby: queryValue(ORDER, ORDER_WORDS),
    start: TEXT,
  },
  // Events when the class read (the first value) is the event class.
  if: { properties: { 'schema.name': { anyOf: [{ const: EVENT }, { type: 'array', items: [{ const: EVENT }], minItems: 1, additionalItems: true }] } } },
  then: { required: ['relatedEntityId'] },
  else: { required: ['entityId'] },
};

/** An identity of a POST lookup: `entityId` (or `relatedEntityId` for events), its namespace as code or `{code}`. */
const LOOKUP_IDENTITY = {
  type: 'object',
  description: 'an identity with entityId or relatedEntityId',
  properties: {
    entityId: { type: 'string', description: 'text' },
    relatedEntityId: { type: 'string', description: 'text' },
    entityIdNS: {
      type: ['string', 'object'],
      required: ['code'],
      properties: { code: { type: 'string' } },
      description: 'a namespace code, or an object with code',
    },
    start: { type: 'string', description: "the next page's start" },
  },
  anyOf: [{ required: ['entityId'] }, { required: ['relatedEntityId'] }],
};

/**
 * A POST lookup (`PostRequestBodyEntity`): a class and at least one identity; more than
 * `MAX_POST_IDENTITIES` is the route's 422. `limit` and the order as in the GET form.
 */
const LOOKUP_BODY = {
  type: 'object',
  description: 'a lookup with schema and identities',
  required: ['schema', 'identities'],
  properties: {
    schema: { type: 'object', required: ['name'], properties: { name: SCHEMA_NAME }, description: 'an object with name' },
    identities: { type: 'array', minItems: 1, items: LOOKUP_IDENTITY, description: 'a list of at least one identity' },
    fields: { type: ['array', 'string'], items: { type: 'string' }, description: 'a list of field paths' },
    timeFilter: {
      type: 'object',
      properties: { startTime: { type: 'number', description: 'epoch milliseconds' }, endTime: { type: 'number', description: 'epoch milliseconds' } },
      description: 'an object with startTime and endTime',
    },
    limit: { type: 'integer', minimum: 1, description: 'an integer from 1' },
    orderby: { type: 'string', pattern: ORDER, description: ORDER_WORDS },
    orderBy: { type: 'string', pattern: ORDER, description: ORDER_WORDS },
  },
};

/** `GET /config/mergePolicies`: the spec's `limit` (an integer) and `default` (a boolean); `start` and `orderby` are opaque. */
const MERGE_POLICIES_QUERY = {
  type: 'object',
  properties: { 'schema.name': TEXT, limit: queryValue('^[0-9]+$', 'an integer from 0'), default: queryValue('^(?:true|false)$', 'true or false') },
};

/** `POST /config/mergePolicies/bulk-get`: `{ids: [{id}]}`. */
const BULK_GET_BODY = {
  type: 'object',
  required: ['ids'],
  properties: {
    ids: {
      type: 'array',
      items: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'text' } }, description: 'an object with id' },
      description: 'a list of {id}',
    },
  },
  description: 'an object with ids',
};

/** The most events one page holds (Profile's default `limit`). */
const MAX_PAGE = 1000;

type LookupIdentity = JsonObject & { entityId?: string; relatedEntityId?: string; entityIdNS?: string | { code: string }; start?: string };
type LookupBody = JsonObject & {
  schema: { name: string };
  identities: LookupIdentity[];
  timeFilter?: { startTime?: number; endTime?: number };
  limit?: number;
  orderby?: string;
  orderBy?: string;
};

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
    return reply.code(403).header('content-type', 'application/json').send({
      message: 'UPS-ACC-1000004: IMS Org is not provisioned.',
      cause: 'The organization is not entitled to Real-Time CDP Ultimate',
      statusCode: '403',
    });
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
      _page: {
        orderby: q.orderby.replace(/^[+-]/, '') === 'timestamp' ? 'timestamp' : q.orderby,
        start: page.rows[0]?.id ?? '',
        count: page.rows.length,
        next: page.next,
      },
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

  const num = (v: string | number | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
  const pageSize = (limit: string | number | undefined): number => Math.min(num(limit) ?? MAX_PAGE, MAX_PAGE);

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/access/entities',
    { onRequest: entitled, schema: { querystring: ENTITIES_QUERY } },
    async (req) => {
      const q = firstValues(req.query);
      const sandbox = req.sandboxName;
      const fields = fieldsOf(q.fields);
      if (q['schema.name'] === EVENT) {
        const relatedId = q.relatedEntityId ?? '';
        const ns = q.relatedEntityIdNS;
        const profileId = ns ? profiles.profileOf(sandbox, ns, relatedId) : profiles.exists(sandbox, relatedId) ? relatedId : undefined;
        if (!profileId) throw new ApiError(404, 'UPS-ACC-1000404', 'Not Found', 'No profile found for the related identity');
        const opts = {
          fields,
          limit: pageSize(q.limit),
          orderby: q.orderby ?? '+timestamp',
          startTime: num(q.startTime),
          endTime: num(q.endTime),
          start: q.start,
        };
        return eventPage(sandbox, profileId, opts, (start) => {
          const p = new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')), start });
          return `/entities?${p.toString()}`;
        });
      }
      const entityId = q.entityId ?? '';
      const ns = q.entityIdNS;
      const profileId = ns ? profiles.profileOf(sandbox, ns, entityId) : profiles.exists(sandbox, entityId) ? entityId : undefined;
      if (!profileId) throw new ApiError(404, 'UPS-ACC-1000404', 'Not Found', `No profile found for ${ns ?? 'XID'} ${entityId}`);
      return { [profileId]: entityEntry(sandbox, profileId, fields) };
    },
  );

  app.post<{ Body: LookupBody }>('/access/entities', { onRequest: entitled, schema: { body: LOOKUP_BODY } }, async (req, reply) => {
    const body = req.body;
    const sandbox = req.sandboxName;
    if (body.identities.length > MAX_POST_IDENTITIES) {
      throw new ApiError(422, 'UPS-ACC-1000422', 'Unprocessable Entity', `At most ${MAX_POST_IDENTITIES} identities can be requested at once`);
    }
    const fields = fieldsOf(body.fields);
    const schemaName = body.schema.name;
    const out: JsonObject = {};
    for (const raw of body.identities) {
      const entityId = raw.entityId ?? raw.relatedEntityId ?? '';
      const nsv = raw.entityIdNS;
      const ns = typeof nsv === 'string' ? nsv : nsv?.code;
      const profileId = ns ? profiles.profileOf(sandbox, ns, entityId) : profiles.exists(sandbox, entityId) ? entityId : undefined;
      if (schemaName === EVENT) {
        if (!profileId) continue;
        const orderby = body.orderby ?? body.orderBy ?? '+timestamp';
        const pageBody = eventPage(
          sandbox,
          profileId,
          { fields, limit: pageSize(body.limit), orderby, startTime: body.timeFilter?.startTime, endTime: body.timeFilter?.endTime, start: raw.start },
          () => '',
        );
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

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/config/mergePolicies',
    { schema: { querystring: MERGE_POLICIES_QUERY } },
    async (req) => {
      const name = firstValues(req.query)['schema.name'];
      const children = [PROFILE, EVENT].filter((n) => !name || n === name).map((n) => mergePolicy(req.sandboxName, n));
      return { _page: { totalCount: children.length, pageSize: children.length, count: children.length, next: '' }, children, _links: { next: { href: '' } } };
    },
  );

  app.get<{ Params: { id: string } }>('/config/mergePolicies/:id', async (req) => {
    const found = [PROFILE, EVENT].map((n) => mergePolicy(req.sandboxName, n)).find((p) => p.id === req.params.id);
    if (!found) throw new ApiError(404, 'UPS-MRG-1000404', 'Not Found', `Merge policy ${req.params.id} was not found`);
    return found;
  });

  app.post<{ Body: { ids: Array<{ id: string }> } }>('/config/mergePolicies/bulk-get', { schema: { body: BULK_GET_BODY } }, async (req, reply) => {
    const ids = req.body.ids.map((i) => i.id);
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
