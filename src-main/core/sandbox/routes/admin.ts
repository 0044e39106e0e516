/**
 * The sandbox's own admin routes under `/_sandbox` (documented in README.md): fault switches and
 * a health/info endpoint. Not part of AEP's contract, so no gateway checks apply.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { checkRule, type FaultRuleInput, type FaultSettings } from '../http/faults';
import { isJsonObject } from '../json';

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const badRequest = (message: string) => ({ error: 'bad_request', message });

  app.get('/health', async () => ({ status: 'ok', orgId: ctx.credentials.orgId, tenantId: ctx.registry.tenantId }));

  app.get('/faults', async () => ctx.faults.state());

  app.put('/faults', async (req, reply) => {
    if (!isJsonObject(req.body)) return reply.code(400).send(badRequest('The body must be a fault settings object'));
    try {
      return ctx.faults.configure(req.body as unknown as FaultSettings);
    } catch (e) {
      return reply.code(400).send(badRequest((e as Error).message));
    }
  });

  app.patch('/faults', async (req, reply) => {
    const body = req.body;
    if (!isJsonObject(body)) return reply.code(400).send(badRequest('The body must be an object'));
    if (body.tokenLifetimeSeconds !== undefined) {
      if (typeof body.tokenLifetimeSeconds !== 'number' || body.tokenLifetimeSeconds < 1) return reply.code(400).send(badRequest('tokenLifetimeSeconds must be a positive number'));
      ctx.faults.tokenLifetimeSeconds = body.tokenLifetimeSeconds;
    }
    if (body.profileEntitlement !== undefined) {
      if (typeof body.profileEntitlement !== 'boolean') return reply.code(400).send(badRequest('profileEntitlement must be a boolean'));
      ctx.faults.profileEntitlement = body.profileEntitlement;
    }
    return ctx.faults.state();
  });

  app.post('/faults/rules', async (req, reply) => {
    const problem = checkRule(req.body);
    if (problem) return reply.code(400).send(badRequest(problem));
    return reply.code(201).send(ctx.faults.add(req.body as FaultRuleInput));
  });

  app.delete<{ Params: { id: string } }>('/faults/rules/:id', async (req, reply) => {
    return ctx.faults.remove(req.params.id) ? reply.code(204).send() : reply.code(404).send({ error: 'not_found', message: `No rule ${req.params.id}` });
  });

  app.delete('/faults', async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });
}
