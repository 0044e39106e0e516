import { AppError } from '../../../src-shared/domain/errors';
import { type DatasetSummary, hasProfileIdentity, type IdentityNamespaceSummary, type SchemaSummary } from '../../../src-shared/platform/targets';
import { createDataset, datasetSummary, enableDatasetForProfile, getDataset, type NewDataset } from '../platform/catalog';
import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import { enableSchemaForProfile, type SchemaDocument, type SchemaFormat } from '../platform/schema-registry';
import { clientOf } from './connection-client';

/** Every call names its connection (a saved one by id or name, or an ad-hoc one), or means the active one. */
type On = ConnectionRef | undefined;

export interface TargetsService {
  listSchemas(connection: On, signal?: AbortSignal): Promise<SchemaSummary[]>;
  getSchema(connection: On, schemaId: string, format?: SchemaFormat, signal?: AbortSignal): Promise<SchemaDocument>;
  /** Enables the schema for Profile (the `union` tag) unless it is already, and answers its summary after; refused (CONFLICT) without a primary identity. */
  enableSchemaForProfile(connection: On, schemaId: string, signal?: AbortSignal): Promise<SchemaSummary>;
  listDatasets(connection: On, signal?: AbortSignal): Promise<DatasetSummary[]>;
  getDataset(connection: On, datasetId: string, signal?: AbortSignal): Promise<DatasetSummary>;
  createDataset(connection: On, dataset: NewDataset, signal?: AbortSignal): Promise<DatasetSummary>;
  /** Tags the dataset for Profile and Identity (`upsert`: Profile updates rather than replaces), and answers its summary after. */
  enableDatasetForProfile(connection: On, datasetId: string, options: { upsert: boolean }, signal?: AbortSignal): Promise<DatasetSummary>;
  listNamespaces(connection: On, signal?: AbortSignal): Promise<IdentityNamespaceSummary[]>;
}

/**
 * What a file can be loaded into: schemas, datasets and identity namespaces, for the Targets
 * screen and `xdm-loader schemas|datasets|schema get`.
 * Why answers are summaries read back after a change: what the screen shows after enabling is what
 * AEP now says, not what the request hoped for.
 */
export function createTargetsService(deps: { connections: ConnectionService }): TargetsService {
  const { connections } = deps;
  const ref = async (connection: On): Promise<ConnectionRef> => connection ?? (await connections.activeId());

  async function schemaSummary(connection: ConnectionRef, schemaId: string, signal?: AbortSignal): Promise<SchemaSummary> {
    const schemas = await connections.listSchemas(connection, signal);
    const found = schemas.find((s) => s.id === schemaId || s.altId === schemaId);
    if (!found) throw new AppError('NOT_FOUND', `The sandbox has no schema ${schemaId}.`);
    return found;
  }

  async function datasetOf(connection: On, datasetId: string, signal?: AbortSignal): Promise<DatasetSummary> {
    return datasetSummary(datasetId, await getDataset(await clientOf(connections, connection), datasetId, signal));
  }

  return {
    listSchemas: async (connection, signal) => connections.listSchemas(await ref(connection), signal),
    getSchema: async (connection, schemaId, format, signal) => connections.getSchema(await ref(connection), schemaId, format, signal),
    async enableSchemaForProfile(connection, schemaId, signal) {
      const on = await ref(connection);
      const before = await schemaSummary(on, schemaId, signal);
      if (before.profileEnabled) return before;
      // AEP's own order: the union tag needs a primary identity descriptor or an identityMap (XDM-1528-400), and records without an identity never reach Profile.
      if (!hasProfileIdentity(before)) {
        throw new AppError(
          'CONFLICT',
          `“${before.title}” has no primary identity. Mark one of its fields as the primary identity (an identity descriptor), or add the Identity Map field group, first; only then can it be enabled for Profile.`,
          { field: 'schemaId' },
        );
      }
      await enableSchemaForProfile(await connections.client(on), before.id, signal);
      return schemaSummary(on, before.id, signal);
    },
    listDatasets: async (connection, signal) => connections.listDatasets(await ref(connection), signal),
    getDataset: datasetOf,
    async createDataset(connection, dataset, signal) {
      const on = await ref(connection);
      const datasetId = await createDataset(await connections.client(on), dataset, signal);
      return datasetOf(on, datasetId, signal);
    },
    async enableDatasetForProfile(connection, datasetId, { upsert }, signal) {
      const on = await ref(connection);
      await enableDatasetForProfile(await connections.client(on), datasetId, { upsert, ...(signal ? { signal } : {}) });
      return datasetOf(on, datasetId, signal);
    },
    listNamespaces: async (connection, signal) => connections.listNamespaces(await ref(connection), signal),
  };
}
