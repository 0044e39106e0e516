/**
 * The Schema Registry's `/rpc` operations: sample data, which the sandbox generates, and export,
 * import and the audit log, which it does not emulate.
 *
 * Export and import move resources between organisations and sandboxes, and the audit log records
 * who changed what over time: a single-user local emulator has neither another organisation nor a
 * history worth auditing. They answer 501 in the registry's problem shape, saying so, rather than
 * "No route", so a client learns the operation exists and why it is refused.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { notFound } from '../xdm/registry-error';
import { sampleRecord } from '../xdm/sample-record';
import { rethrow } from './registry-http';

function notEmulated(what: string): ApiError {
  return new ApiError(501, 'XDM-1501-501', 'Not Implemented', `The Local sandbox does not emulate ${what}`);
}

export function registerRegistryRpcRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { id: string } }>('/rpc/sampledata/:id', async (req) => {
    try {
      const schema = ctx.registry.findSchema(req.sandboxName, req.params.id);
      if (!schema) throw notFound(req.params.id);
      return sampleRecord(ctx.registry.resolve(req.sandboxName, schema));
    } catch (e) {
      return rethrow(e);
    }
  });
  app.get('/rpc/export/:id', async () => {
    throw notEmulated('exporting resources to another organization or sandbox (GET /rpc/export)');
  });
  app.post('/rpc/import', async () => {
    throw notEmulated('importing resources from another organization or sandbox (POST /rpc/import)');
  });
  app.get('/rpc/auditlog/:id', async () => {
    throw notEmulated('the audit log of resource changes (GET /rpc/auditlog)');
  });
}
