/**
 * Identity Service namespace routes (`/data/core/idnamespace`): standard and custom namespaces.
 *
 * The list is a bare JSON array; creating answers 200 (not 201) and 409 on a taken code; `idType` is
 * compared case-insensitively because Adobe's own enums disagree on its casing (aep-notes §6).
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { isJsonObject, type JsonObject } from '../json';
import { namespacesOf } from '../namespaces';

const ID_TYPES = ['COOKIE', 'CROSS_DEVICE', 'DEVICE', 'EMAIL', 'MOBILE', 'NON_PEOPLE', 'PHONE'];

/** A new namespace; `idType` is checked by hand, because its case does not matter (see above). */
const NAMESPACE_BODY = {
  type: 'object',
  required: ['name', 'code'],
  properties: {
    name: { type: 'string', pattern: '\\S' },
    code: { type: 'string', pattern: '^[A-Za-z0-9_]+$' },
    description: { type: 'string' },
  },
} as const;

interface NamespaceBody {
  name: string;
  code: string;
  idType?: unknown;
  description?: string;
}

export function registerIdentityRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const problem = (status: number, title: string, message: string): ApiError => new ApiError(status, title, title, message);

  app.get('/identities', async (req) => namespacesOf(ctx.docs, req.sandboxName));

  app.get<{ Params: { id: string } }>('/identities/:id', async (req) => {
    const ns = namespacesOf(ctx.docs, req.sandboxName).find((n) => String(n.id) === req.params.id);
    if (!ns) throw problem(404, 'NAMESPACE_NOT_FOUND', `Namespace ${req.params.id} was not found`);
    return ns;
  });

  app.post<{ Body: NamespaceBody }>('/identities', { schema: { body: NAMESPACE_BODY } }, async (req) => {
    const { name, code, idType, description } = req.body;
    const type = typeof idType === 'string' ? idType.toUpperCase() : '';
    if (!ID_TYPES.includes(type)) throw problem(400, 'INVALID_ID_TYPE', `Invalid idType ${String(idType)}. Supported: DEVICE, COOKIE, CROSS_DEVICE, PHONE, EMAIL, MOBILE, NON_PEOPLE`);
    const all = namespacesOf(ctx.docs, req.sandboxName);
    if (all.some((n) => String(n.code).toLowerCase() === code.toLowerCase())) throw problem(409, 'NAMESPACE_CODE_CONFLICT', `A namespace with code ${code} already exists`);
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
  app.put<{ Params: { id: string } }>('/identities/:id', async (req) => {
    const ns = namespacesOf(ctx.docs, req.sandboxName).find((n) => String(n.id) === req.params.id);
    if (!ns) throw problem(404, 'NAMESPACE_NOT_FOUND', `Namespace ${req.params.id} was not found`);
    if (ns.custom !== true) throw problem(400, 'INVALID_REQUEST', `Namespace ${String(ns.code)} is a standard namespace and cannot be changed`);
    const body = req.body;
    if (!isJsonObject(body) || typeof body.name !== 'string' || body.name.trim() === '') throw problem(400, 'INVALID_NAME', 'name is required');
    if (body.code !== undefined && String(body.code) !== String(ns.code)) throw problem(400, 'INVALID_CODE', 'The code of a namespace cannot be changed');
    if (body.idType !== undefined && String(body.idType).toUpperCase() !== String(ns.idType).toUpperCase()) throw problem(400, 'INVALID_ID_TYPE', 'The idType of a namespace cannot be changed');
    const next: JsonObject = { ...ns, name: body.name, description: typeof body.description === 'string' ? body.description : '', updateTime: Date.now() };
    ctx.docs.put(req.sandboxName, 'namespace', String(ns.id), next);
    return [next];
  });
}
