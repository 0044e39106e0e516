/**
 * The sandbox's own admin routes under `/_sandbox` (documented in README.md): fault switches and
 * a health/info endpoint. Not part of AEP's contract, so no gateway checks apply.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { RequestError } from '../http/errors';
import { checkRule, checkSwitches, type FaultRuleInput, type FaultSettings } from '../http/faults';
import { headerOf } from '../http/gates';

/** The switches PATCH may change; they and the rules are checked as the library API checks them. */
const SWITCHES_BODY = { type: 'object', properties: { tokenLifetimeSeconds: { type: 'number' }, profileEntitlement: { type: 'boolean' } } } as const;

/**
 * Whether a Host header names this machine's loopback (any port): `localhost`, `127.x.x.x`, `[::1]`.
 * Why: the admin routes change how the sandbox answers; a DNS-rebinding page reaches 127.0.0.1 under
 * its own host name, so a foreign Host is refused, as browser mode refuses it.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(host.trim().toLowerCase())?.[1];
  if (name === undefined) return false;
  return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.addHook('onRequest', async (req) => {
    if (!isLoopbackHost(headerOf(req, 'host')))
      throw new RequestError(421, 'The sandbox admin routes answer only to a loopback host name (localhost, 127.0.0.1, [::1])');
  });

  app.get('/health', async () => ({ status: 'ok', orgId: ctx.credentials.orgId, tenantId: ctx.registry.tenantId }));

  app.get('/faults', async () => ctx.faults.state());

  app.put<{ Body: FaultSettings }>('/faults', { schema: { body: { type: 'object' } } }, async (req) => {
    try {
      return ctx.faults.configure(req.body);
    } catch (e) {
      throw new RequestError(400, (e as Error).message);
    }
  });

  app.patch<{ Body: Pick<FaultSettings, 'tokenLifetimeSeconds' | 'profileEntitlement'> }>('/faults', { schema: { body: SWITCHES_BODY } }, async (req) => {
    const problem = checkSwitches(req.body);
    if (problem) throw new RequestError(400, problem);
    const { tokenLifetimeSeconds, profileEntitlement } = req.body;
    if (tokenLifetimeSeconds !== undefined) ctx.faults.tokenLifetimeSeconds = tokenLifetimeSeconds;
    if (profileEntitlement !== undefined) ctx.faults.profileEntitlement = profileEntitlement;
    return ctx.faults.state();
  });

  app.post('/faults/rules', async (req, reply) => {
    const problem = checkRule(req.body);
    if (problem) throw new RequestError(400, problem);
    return reply.code(201).send(ctx.faults.add(req.body as FaultRuleInput));
  });

  app.delete<{ Params: { id: string } }>('/faults/rules/:id', async (req, reply) => {
    if (!ctx.faults.remove(req.params.id)) throw new RequestError(404, `No rule ${req.params.id}`);
    return reply.code(204).send();
  });

  app.delete('/faults', async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });
}
