/**
 * Identity Service namespace routes (`/data/core/idnamespace`): standard and custom namespaces.
 *
 * The list is a bare JSON array; creating answers 200 (not 201) and 409 on a taken code; `idType` is
 * compared case-insensitively because Adobe's own enums disagree on its casing (aep-notes §6).
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { anyCase } from '../http/schema-parts';
import type { JsonObject } from '../json';
import { namespacesOf } from '../namespaces';

const ID_TYPES = ['COOKIE', 'CROSS_DEVICE', 'DEVICE', 'EMAIL', 'MOBILE', 'NON_PEOPLE', 'PHONE'];

const NAME = { type: 'string', pattern: '\\S', description: 'a name that is not blank' } as const;
const CODE = { type: 'string', pattern: '^[A-Za-z0-9_]+$', description: 'letters, digits and underscores' } as const;
/** In any letter case: the spec's own enums spell these `Cookie`, `COOKIE`, `Non_people`… (see above). */
const ID_TYPE = { type: 'string', pattern: anyCase(ID_TYPES), description: `one of ${ID_TYPES.join(', ')}` } as const;

/**
 * A namespace as created (`namespaceCreate`) or replaced (`namespaceUpdate`, which requires all three
 * again: "all fields required to define the namespace must be sent"); that a replacement keeps its
 * `code` and `idType` is checked by the route.
 */
const NAMESPACE_BODY = {
  type: 'object',
  description: 'a namespace object',
  required: ['name', 'code', 'idType'],
  properties: { name: NAME, code: CODE, idType: ID_TYPE, description: { type: 'string', description: 'text' } },
} as const;

/** A namespace id is an integer (`ID` of the spec). */
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', pattern: '^[0-9]+$', description: 'a namespace id (an integer)' } } } as const;

interface NamespaceBody {
  name: string;
  code: string;
  idType: string;
  description?: string;
}

export function registerIdentityRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const problem = (status: number, title: string, message: string): ApiError => new ApiError(status, title, title, message);

  app.get('/identities', async (req) => namespacesOf(ctx.docs, req.sandboxName));

  app.get<{ Params: { id: string } }>('/identities/:id', { schema: { params: ID_PARAMS } }, async (req) => {
    const ns = namespacesOf(ctx.docs, req.sandboxName).find((n) => String(n.id) === req.params.id);
    if (!ns) throw problem(404, 'NAMESPACE_NOT_FOUND', `Namespace ${req.params.id} was not found`);
    return ns;
  });

  app.post<{ Body: NamespaceBody }>('/identities', { schema: { body: NAMESPACE_BODY } }, async (req) => {
    const { name, code, idType, description } = req.body;
    const type = idType.toUpperCase();
    const all = namespacesOf(ctx.docs, req.sandboxName);
    if (all.some((n) => String(n.code).toLowerCase() === code.toLowerCase()))
      throw problem(409, 'NAMESPACE_CODE_CONFLICT', `A namespace with code ${code} already exists`);
    const now = Date.now();
    const id = Math.max(1000, ...all.map((n) => Number(n.id))) + 1;
    const ns: JsonObject = {
      id,
      code,
      name,
      description: typeof description === 'string' ? description : '',
      idType: type,
      status: 'ACTIVE',
      custom: true,
      createTime: now,
      updateTime: now,
    };
    ctx.docs.put(req.sandboxName, 'namespace', String(id), ns);
    return ns;
  });

  /**
   * Replaces a custom namespace's name and description; its code and idType cannot change (aep-notes §6).
   * Answers an array holding the namespace, as the spec's 200 says (no guide shows this call).
   */
  app.put<{ Params: { id: string }; Body: NamespaceBody }>('/identities/:id', { schema: { params: ID_PARAMS, body: NAMESPACE_BODY } }, async (req) => {
    const ns = namespacesOf(ctx.docs, req.sandboxName).find((n) => String(n.id) === req.params.id);
    if (!ns) throw problem(404, 'NAMESPACE_NOT_FOUND', `Namespace ${req.params.id} was not found`);
    if (ns.custom !== true) throw problem(400, 'INVALID_REQUEST_PARAMS', `Namespace ${String(ns.code)} is a standard namespace and cannot be changed`);
    const body = req.body;
    // The spec's example: `INVALID_REQUEST_PARAMS`, "code and idType are non editable fields".
    if (body.code !== String(ns.code))
      throw problem(400, 'INVALID_REQUEST_PARAMS', 'code and idType are non editable fields: the code of a namespace cannot be changed');
    if (body.idType.toUpperCase() !== String(ns.idType).toUpperCase())
      throw problem(400, 'INVALID_REQUEST_PARAMS', 'code and idType are non editable fields: the idType of a namespace cannot be changed');
    const next: JsonObject = { ...ns, name: body.name, description: typeof body.description === 'string' ? body.description : '', updateTime: Date.now() };
    ctx.docs.put(req.sandboxName, 'namespace', String(ns.id), next);
    return [next];
  });
}
