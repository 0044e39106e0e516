import type { Services } from '../../core/services/index';
import type { FileWorkClient } from '../../core/workers/index';
import { callOptions } from './call-options';
import type { HandlerFragment, RequestsOf } from './fragment';
import { localSchemas, type SchemaResolver } from './schema-sources';

export interface SchemaHandlerDeps {
  services: Pick<Services, 'targets'>;
  /** The worker thread that resolves a schema into the field tree the mapping screen shows. */
  work: FileWorkClient;
  schemaSources: SchemaResolver;
}

/**
 * Schemas: the standard ones offered offline, a schema's field tree, and a sandbox's schemas.
 * Why the sandbox's are thin over the targets service: `xdm-loader schemas` and `schema get` call
 * the same service, so what the Targets screen shows and what a script reads cannot drift apart.
 */
export function schemaHandlers(deps: SchemaHandlerDeps): HandlerFragment<RequestsOf<'schemas'>> {
  const { targets } = deps.services;
  return {
    'schemas.local': async () => localSchemas(),
    'schemas.tree': async ({ schema }, ctx) => deps.work.call('schemaTree', { schema: await deps.schemaSources.source(schema, ctx.signal) }, callOptions(ctx)),
    'schemas.list': async ({ connectionId }, ctx) => targets.listSchemas(connectionId, ctx.signal),
    'schemas.get': async ({ connectionId, schemaId, format }, ctx) => targets.getSchema(connectionId, schemaId, format, ctx.signal),
    'schemas.enableForProfile': async ({ connectionId, schemaId }, ctx) => targets.enableSchemaForProfile(connectionId, schemaId, ctx.signal),
  };
}
