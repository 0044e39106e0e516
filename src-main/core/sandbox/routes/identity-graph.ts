/**
 * Identity Service graph routes (`/data/core/identity`): the XID of an identity, the identities linked
 * to it (`POST /v2/graph`, and the deprecated cluster members calls), read from the identity graph the
 * sandbox builds while it ingests (the one Profile stitches by).
 *
 * An identity's XID is its namespace code and value, encoded (base64url of `code:value`): stable, and
 * readable back, so a client can pass XIDs it was given. The sandbox's graph keeps which identities are
 * linked, not by which record: the `graph` projection lists the vertices with no edges.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { firstValues, queryValue } from '../http/schema-parts';
import { identityXid, identityOfXid } from '../identity-xid';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { namespacesOf } from '../namespaces';

interface Identity {
  /** Namespace code as the namespace list spells it. */
  code: string;
  nsid: number;
  id: string;
}

function invalid(message: string): ApiError {
  return new ApiError(400, 'InvalidInput', 'InvalidInput', message);
}

const ANY_TEXT = queryValue('^.+$', 'text that is not empty');
const NSID = queryValue('^[0-9]+$', 'a namespace id (an integer)');

/** `GET /identity`: `id` with a namespace code or id (identity-service.yaml: `id` required, `nsid` an integer). */
const XID_QUERY = {
  type: 'object',
  description: 'id with namespace or nsid',
  required: ['id'],
  properties: { id: ANY_TEXT, namespace: ANY_TEXT, nsid: NSID },
  anyOf: [{ required: ['namespace'] }, { required: ['nsid'] }],
};

/** `GET /cluster/members`: an xid, or an id with nsid or namespace; `graph-type` one of the spec's. */
const CLUSTER_QUERY = {
  type: 'object',
  description: 'xid, or id with nsid or namespace',
  properties: { xid: ANY_TEXT, id: ANY_TEXT, namespace: ANY_TEXT, nsid: NSID, 'graph-type': queryValue('^(?:pdg|coop|psr)$', 'one of pdg, coop, psr') },
  anyOf: [{ required: ['xid'] }, { required: ['id', 'nsid'] }, { required: ['id', 'namespace'] }],
};

/** Identities asked for at once: the spec's `minItems` and `maxItems` of `xids` and `composite_xids`. */
function identityList(items: Record<string, unknown>, what: string): Record<string, unknown> {
  return { type: 'array', minItems: 1, maxItems: 1000, items, description: `a list of 1 to 1000 ${what}` };
}

const XID = { type: 'string', description: 'an XID' };
/** A composite identity: `id` with a namespace as code (`ns`, `namespace`) or id (`nsid`). */
const COMPOSITE_XID = {
  type: 'object',
  description: 'an identity: id with ns or nsid',
  required: ['id'],
  properties: {
    id: { type: 'string', description: 'text' },
    ns: { type: 'string', description: 'a namespace code' },
    nsid: { type: ['integer', 'string'], description: 'a namespace id' },
  },
};

/** `POST /v2/graph` (`GraphRequestXids` or `GraphRequestCompositeXids`). */
const GRAPH_BODY = {
  type: 'object',
  description: 'a graph request with xids or composite_xids',
  properties: {
    xids: identityList(XID, 'XIDs'),
    composite_xids: identityList(COMPOSITE_XID, 'identities'),
    projection_type: { type: 'string', enum: ['set', 'graph'], description: 'one of the projection types available: graph, set' },
  },
  anyOf: [{ required: ['xids'] }, { required: ['composite_xids'] }],
};

/** `POST /clusters/members` (`ListOfIdentity`): xids, compositeXids (`nsid`) or compositeXidsWithNamespace. */
const CLUSTERS_BODY = {
  type: 'object',
  description: 'a list of xids, compositeXids or compositeXidsWithNamespace',
  properties: {
    xids: { type: 'array', items: XID, description: 'a list of XIDs' },
    compositeXids: {
      type: 'array',
      items: { ...COMPOSITE_XID, description: 'an identity: id with nsid', required: ['id', 'nsid'] },
      description: 'a list of identities',
    },
    compositeXidsWithNamespace: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'namespace'],
        properties: { id: { type: 'string', description: 'text' }, namespace: { type: 'string', description: 'a namespace code' } },
        description: 'an identity: id with namespace',
      },
      description: 'a list of identities',
    },
  },
  anyOf: [{ required: ['xids'] }, { required: ['compositeXids'] }, { required: ['compositeXidsWithNamespace'] }],
};

type GraphBody = JsonObject & { xids?: string[]; composite_xids?: JsonObject[]; projection_type?: 'set' | 'graph' };
type ClustersBody = JsonObject & { xids?: string[]; compositeXids?: JsonObject[]; compositeXidsWithNamespace?: JsonObject[] };

export function registerIdentityGraphRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  /** The namespace named by code (any case) or numeric id; undefined when the sandbox has none such. */
  const namespace = (sandbox: string, ref: { ns?: unknown; nsid?: unknown }): { code: string; nsid: number } | undefined => {
    const all = namespacesOf(ctx.docs, sandbox);
    const found =
      ref.nsid !== undefined && ref.nsid !== null && ref.nsid !== ''
        ? all.find((n) => String(n.id) === String(ref.nsid))
        : all.find((n) => String(n.code).toLowerCase() === String(ref.ns ?? '').toLowerCase());
    return found ? { code: String(found.code), nsid: Number(found.id) } : undefined;
  };

  const fromXid = (sandbox: string, xid: string): Identity | undefined => {
    const parts = identityOfXid(xid);
    const ns = parts ? namespace(sandbox, { ns: parts.ns }) : undefined;
    return parts && ns ? { ...ns, id: parts.id } : undefined;
  };

  /** The identities linked to one (itself first), or undefined when it is not in the graph. */
  const linked = (sandbox: string, identity: Identity): Identity[] | undefined => {
    const profile = ctx.profiles.profileOf(sandbox, identity.code, identity.id);
    if (!profile) return undefined;
    const members = ctx.profiles.entity(sandbox, profile).identities.map((i) => {
      const ns = namespace(sandbox, { ns: i.ns });
      return { code: ns?.code ?? i.ns, nsid: ns?.nsid ?? 0, id: i.id };
    });
    const self = members.findIndex((m) => m.nsid === identity.nsid && m.id === identity.id);
    return self <= 0 ? members : [members[self] as Identity, ...members.slice(0, self), ...members.slice(self + 1)];
  };

  const lastUpdated = (sandbox: string, identity: Identity): number => {
    const profile = ctx.profiles.profileOf(sandbox, identity.code, identity.id);
    return profile ? ctx.profiles.entity(sandbox, profile).lastModified : 0;
  };

  /** A `{ns|namespace|nsid, id}` of a request, as an identity of the sandbox. */
  const compositeIdentity = (req: FastifyRequest, r: JsonObject): Identity | undefined => {
    const ns = namespace(req.sandboxName, { ns: r.ns ?? r.namespace, nsid: r.nsid });
    return ns && typeof r.id === 'string' ? { ...ns, id: r.id } : undefined;
  };

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/identity', { schema: { querystring: XID_QUERY } }, async (req) => {
    const q = firstValues(req.query);
    const id = q.id ?? '';
    const ns = namespace(req.sandboxName, { ns: q.namespace, nsid: q.nsid });
    if (!ns)
      throw invalid(`The provided namespace=${q.namespace ?? q.nsid ?? ''} and id=${id} is invalid. Please provide a valid namespace and id in your request.`);
    return { xid: identityXid(ns.code, id) };
  });

  app.post<{ Body: GraphBody }>('/v2/graph', { schema: { body: GRAPH_BODY } }, async (req) => {
    const body = req.body;
    const projection = body.projection_type ?? 'set';
    const byXid = body.xids !== undefined;
    const requested: JsonValue[] = body.xids ?? body.composite_xids ?? [];
    const withNsid = !byXid && requested.some((r) => isJsonObject(r) && r.nsid !== undefined);
    const form = (i: Identity): JsonValue => (byXid ? identityXid(i.code, i.id) : withNsid ? { nsid: i.nsid, id: i.id } : { ns: i.code, id: i.id });
    const graphs: JsonObject[] = [];
    const unprocessed: JsonValue[] = [];
    for (const r of requested) {
      const identity = byXid ? fromXid(req.sandboxName, String(r)) : isJsonObject(r) ? compositeIdentity(req, r) : undefined;
      const members = identity ? linked(req.sandboxName, identity) : undefined;
      if (!identity || !members) {
        unprocessed.push(r);
        continue;
      }
      // Each identity is written as the request wrote them: `xid`, or `composite_xid`.
      const label = byXid ? 'xid' : 'composite_xid';
      const graph: JsonObject = { [label]: byXid ? String(r) : form(identity) };
      if (projection === 'set') graph.members = members.map(form);
      else {
        const ts = lastUpdated(req.sandboxName, identity);
        graph.vertices = members.map((m): JsonObject => ({ [label]: form(m), last_updated_ts: ts }));
        graph.edges = [];
      }
      graphs.push(graph);
    }
    return { version: '2.0', graphs, [byXid ? 'unprocessed_xids' : 'unprocessed_composite_xids']: unprocessed, algo_type: 'STITCH_ALL' };
  });

  /** One cluster of the deprecated cluster calls: the request's form (xid, nsid or namespace) kept. */
  const cluster = (req: FastifyRequest, r: JsonValue, kind: 'xid' | 'nsid' | 'namespace'): JsonObject | undefined => {
    const identity = kind === 'xid' ? fromXid(req.sandboxName, String(r)) : isJsonObject(r) ? compositeIdentity(req, r) : undefined;
    const members = identity ? linked(req.sandboxName, identity) : undefined;
    if (!identity || !members) return undefined;
    const form = (i: Identity): JsonValue =>
      kind === 'xid' ? identityXid(i.code, i.id) : kind === 'nsid' ? { nsid: String(i.nsid), id: i.id } : { namespace: i.code, id: i.id };
    return kind === 'xid' ? { xid: String(r), members: members.map(form) } : { compositeXid: form(identity), members: members.map(form) };
  };

  const clusters = (req: FastifyRequest, requested: JsonValue[], kind: 'xid' | 'nsid' | 'namespace'): JsonObject => {
    const found: JsonObject[] = [];
    const unprocessed: JsonValue[] = [];
    for (const r of requested) {
      const c = cluster(req, r, kind);
      if (c) found.push(c);
      else unprocessed.push(r);
    }
    return { version: '1.1.0', clusters: found, unprocessedRecords: unprocessed, algo_type: 'STITCH_ALL' };
  };

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/cluster/members', { schema: { querystring: CLUSTER_QUERY } }, async (req) => {
    const q = firstValues(req.query);
    if (q.xid) return clusters(req, [q.xid], 'xid');
    return q.nsid ? clusters(req, [{ nsid: q.nsid, id: q.id ?? '' }], 'nsid') : clusters(req, [{ namespace: q.namespace ?? '', id: q.id ?? '' }], 'namespace');
  });

  /** The first list given counts, in the spec's order: xids, then compositeXids, then compositeXidsWithNamespace. */
  app.post<{ Body: ClustersBody }>('/clusters/members', { schema: { body: CLUSTERS_BODY } }, async (req) => {
    const body = req.body;
    if (body.xids) return clusters(req, body.xids, 'xid');
    if (body.compositeXids) return clusters(req, body.compositeXids, 'nsid');
    return clusters(req, body.compositeXidsWithNamespace ?? [], 'namespace');
  });
}
