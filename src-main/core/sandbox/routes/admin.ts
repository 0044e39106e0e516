/**
 * The sandbox's own admin routes under `/_sandbox` (documented in README.md): fault switches and
 * a health/info endpoint. Not part of AEP's contract, so no gateway checks apply.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { RequestError } from '../http/errors';
import { checkRule, type FaultRuleInput, type FaultSettings } from '../http/faults';

/** The switches PATCH may change; the rules go through `checkRule`, shared with the library API. */
const SWITCHES_BODY = {
  type: 'object',
  properties: { tokenLifetimeSeconds: { type: 'number', minimum: 1 }, profileEntitlement: { type: 'boolean' } },
} as const;

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
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
