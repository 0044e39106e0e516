import { AppError } from '../../../src-shared/domain/errors';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import type { SchemaSummary } from '../../../src-shared/platform/targets';
import type { connectionRequests } from '../../../src-shared/ipc/requests/connections';
import { createDataset, datasetSummary, enableDatasetForProfile, getDataset } from '../../core/platform/catalog';
import type { ConnectionService } from '../../core/platform/connection-service';
import { enableSchemaForProfile } from '../../core/platform/schema-registry';
import type { HandlerFragment } from './fragment';

export interface ConnectionHandlerDeps {
  connections: ConnectionService;
}

/**
 * Connections, credentials, schemas, datasets and identity namespaces, thin over the connection service.
 * Why thin: the CLI uses the same service, so what a screen shows and what `xdm-loader schemas`
 * prints cannot drift apart; these handlers only pick the connection and shape the reply.
 * No reply carries a secret or a token: views say where a secret comes from, never what it is.
 */
export function connectionHandlers(deps: ConnectionHandlerDeps): HandlerFragment<keyof typeof connectionRequests> {
  const { connections } = deps;

  /** The connection a request names, or the active one; always by id from here on. */
  async function idOf(connectionId: string | undefined): Promise<string> {
    if (connectionId === undefined) return connections.activeId();
    return (await connections.get(connectionId)).connection.id;
  }

  async function statusOf(connectionId: string) {
    const view = await connections.get(connectionId);
    return { connectionId: view.connection.id, source: view.secret };
  }

  async function schemaSummary(connectionId: string, schemaId: string, signal?: AbortSignal): Promise<SchemaSummary> {
    const schemas = await connections.listSchemas(connectionId, signal);
    const found = schemas.find((s) => s.id === schemaId || s.altId === schemaId);
    if (!found) throw new AppError('NOT_FOUND', `The sandbox has no schema ${schemaId}.`);
    return found;
  }

  async function datasetOf(connectionId: string, datasetId: string, signal?: AbortSignal) {
    const client = await connections.client(connectionId);
    return datasetSummary(datasetId, await getDataset(client, datasetId, signal));
  }

  return {
    'connections.list': async () => {
      const [views, activeId] = await Promise.all([connections.list(), connections.activeId()]);
      return { connections: views, activeId };
    },

    'connections.save': async ({ id, draft, secret }) => {
      if (id === undefined) return connections.add(draft, secret);
      const updated = await connections.update(id, draft);
      if (secret === undefined) return updated;
      await connections.saveSecret(updated.connection.id, secret);
      return connections.get(updated.connection.id);
    },

    'connections.remove': async ({ connectionId }) => {
      const id = await idOf(connectionId);
      if (id === LOCAL_CONNECTION_ID) throw new AppError('INVALID_INPUT', 'The Local sandbox connection is built in and cannot be removed.');
      await connections.remove(id);
      return { removed: id };
    },

    'connections.test': async ({ connectionId }, ctx) => connections.test(await idOf(connectionId), ctx.signal),

    'connections.setActive': async ({ connectionId }) => {
      await connections.setActive(connectionId);
      return { activeId: await connections.activeId() };
    },

    'credentials.save': async ({ connectionId, secret }) => {
      const id = await idOf(connectionId);
      await connections.saveSecret(id, secret);
      return statusOf(id);
    },

    'credentials.status': async ({ connectionId }) => statusOf(await idOf(connectionId)),

    'schemas.list': async ({ connectionId }, ctx) => connections.listSchemas(await idOf(connectionId), ctx.signal),

    'schemas.get': async ({ connectionId, schemaId, format }, ctx) => connections.getSchema(await idOf(connectionId), schemaId, format, ctx.signal),

    'schemas.enableForProfile': async ({ connectionId, schemaId }, ctx) => {
      const id = await idOf(connectionId);
      const before = await schemaSummary(id, schemaId, ctx.signal);
      if (!before.profileEnabled) await enableSchemaForProfile(await connections.client(id), before.id, ctx.signal);
      return schemaSummary(id, before.id, ctx.signal);
    },

    'datasets.list': async ({ connectionId }, ctx) => connections.listDatasets(await idOf(connectionId), ctx.signal),

    'datasets.get': async ({ connectionId, datasetId }, ctx) => datasetOf(await idOf(connectionId), datasetId, ctx.signal),

    'datasets.create': async ({ connectionId, schemaId, name, description, profile }, ctx) => {
      const id = await idOf(connectionId);
      const client = await connections.client(id);
      const datasetId = await createDataset(client, { name, schemaId, profile, ...(description ? { description } : {}) }, ctx.signal);
      return datasetOf(id, datasetId, ctx.signal);
    },

    'datasets.enableForProfile': async ({ connectionId, datasetId, upsert }, ctx) => {
      const id = await idOf(connectionId);
      await enableDatasetForProfile(await connections.client(id), datasetId, { upsert, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      return datasetOf(id, datasetId, ctx.signal);
    },

    'identity.namespaces': async ({ connectionId }, ctx) => connections.listNamespaces(await idOf(connectionId), ctx.signal),
  };
}
