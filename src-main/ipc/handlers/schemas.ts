import type { Services } from '../../core/services/index';
import type { HandlerFragment } from './fragment';

/** The sandbox's schemas (the offline ones, `schemas.local` and `schemas.tree`, are prepare's: prepare.ts). */
type SchemaRequest = 'schemas.list' | 'schemas.get' | 'schemas.enableForProfile';

/**
 * Schemas of a sandbox, thin over the targets service.
 * Why thin: `xdm-loader schemas` and `schema get` call the same service, so what the Targets screen
 * shows and what a script reads cannot drift apart.
 */
export function schemaHandlers(deps: { services: Pick<Services, 'targets'> }): HandlerFragment<SchemaRequest> {
  const { targets } = deps.services;
  return {
    'schemas.list': async ({ connectionId }, ctx) => targets.listSchemas(connectionId, ctx.signal),
    'schemas.get': async ({ connectionId, schemaId, format }, ctx) => targets.getSchema(connectionId, schemaId, format, ctx.signal),
    'schemas.enableForProfile': async ({ connectionId, schemaId }, ctx) => targets.enableSchemaForProfile(connectionId, schemaId, ctx.signal),
  };
}
