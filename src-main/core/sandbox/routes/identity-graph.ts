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

  app.get<{ Querystring: { namespace?: string; nsid?: string; id?: string } }>('/identity', async (req) => {
    const { id } = req.query;
    if (!id) throw invalid('id is required, with namespace or nsid');
    const ns = namespace(req.sandboxName, { ns: req.query.namespace, nsid: req.query.nsid });
    if (!ns) throw invalid(`The provided namespace=${req.query.namespace ?? req.query.nsid ?? ''} and id=${id} is invalid. Please provide a valid namespace and id in your request.`);
    return { xid: identityXid(ns.code, id) };
  });

  app.post('/v2/graph', async (req) => {
    const body = req.body;
    if (!isJsonObject(body)) throw invalid('Graph Request Invalid - the body must be an object with xids or composite_xids.');
    const projection = body.projection_type ?? 'set';
    if (projection !== 'set' && projection !== 'graph') throw invalid('Graph Request Invalid - projection types available are [graph|set].');
    const byXid = Array.isArray(body.xids);
    const requested: JsonValue[] = byXid ? (body.xids as JsonValue[]) : Array.isArray(body.composite_xids) ? body.composite_xids : [];
    if (requested.length === 0) throw invalid('Graph Request Invalid - give xids or composite_xids.');
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
    const form = (i: Identity): JsonValue => (kind === 'xid' ? identityXid(i.code, i.id) : kind === 'nsid' ? { nsid: String(i.nsid), id: i.id } : { namespace: i.code, id: i.id });
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

  app.get<{ Querystring: { xid?: string; nsid?: string; namespace?: string; id?: string } }>('/cluster/members', async (req) => {
    const q = req.query;
    if (q.xid) return clusters(req, [q.xid], 'xid');
    if (!q.id || (!q.nsid && !q.namespace)) throw invalid('Give xid, or id with nsid or namespace');
    return q.nsid ? clusters(req, [{ nsid: q.nsid, id: q.id }], 'nsid') : clusters(req, [{ namespace: q.namespace ?? '', id: q.id }], 'namespace');
  });

  app.post('/clusters/members', async (req) => {
    const body = req.body;
    if (!isJsonObject(body)) throw invalid('The body must name xids, compositeXids or compositeXidsWithNamespace');
    if (Array.isArray(body.xids)) return clusters(req, body.xids, 'xid');
    if (Array.isArray(body.compositeXids)) return clusters(req, body.compositeXids, 'nsid');
    if (Array.isArray(body.compositeXidsWithNamespace)) return clusters(req, body.compositeXidsWithNamespace, 'namespace');
    throw invalid('The body must name xids, compositeXids or compositeXidsWithNamespace');
  });
}
