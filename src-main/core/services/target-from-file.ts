import path from 'node:path';
import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import { getRegistryStats } from '../platform/schema-registry';
import {
  type ColumnProfile,
  createTarget,
  type CreationReport,
  offlineStandardCatalog,
  profileColumns,
  proposeTarget,
  type StandardCatalog,
  type TargetClass,
  type TargetProposal,
} from '../targets/index';
import { clientOf } from './connection-client';

type On = ConnectionRef | undefined;

/**
 * Profiles every column of a file. Why injectable: the app reads the file in its file worker (the
 * Electron main thread must not parse a whole file), the CLI in its own process.
 */
export type ReadColumns = (file: string, signal: AbortSignal | undefined) => Promise<ColumnProfile[]>;

const readInThisThread: ReadColumns = (file, signal) => profileColumns(file, signal ? { signal } : {});

/** What the steward chose (or left to the guesses). */
export interface TargetChoices {
  class?: TargetClass;
  name?: string;
  identity?: { column: string; namespace: string };
  datasetName?: string;
}

export interface TargetFromFileService {
  /** Reads the whole file and proposes a target; creates nothing. `read` profiles the columns (in this thread by default). */
  propose(connection: On, file: string, choices: TargetChoices, options?: { signal?: AbortSignal; read?: ReadColumns }): Promise<TargetProposal>;
  /** Creates what the proposal needs and the sandbox lacks, in AEP's order (`dryRun`: only looks). */
  create(connection: On, proposal: TargetProposal, options?: { dryRun?: boolean }, signal?: AbortSignal): Promise<CreationReport>;
}

/**
 * A new schema and dataset from a file, for `xdm-loader schema create --from` and the Map
 * step's "Create a target from this file". Why the connection for a proposal: custom fields live under the
 * org's tenant namespace, which only the Schema Registry knows (`GET /stats`).
 */
export function createTargetFromFileService(deps: { connections: ConnectionService; standard?: StandardCatalog }): TargetFromFileService {
  const { connections } = deps;
  let standard = deps.standard;
  return {
    async propose(connection, file, choices, options = {}) {
      const { signal, read = readInThisThread } = options;
      const client = await clientOf(connections, connection);
      const [stats, columns] = await Promise.all([getRegistryStats(client, signal), read(file, signal)]);
      standard ??= offlineStandardCatalog();
      return proposeTarget({
        fileName: path.basename(file),
        columns,
        tenantId: stats.tenantId.replace(/^_/, ''),
        standard,
        ...(choices.class ? { class: choices.class } : {}),
        ...(choices.name ? { name: choices.name } : {}),
        ...(choices.identity ? { identity: choices.identity } : {}),
        ...(choices.datasetName ? { datasetName: choices.datasetName } : {}),
      });
    },
    async create(connection, proposal, options = {}, signal) {
      return createTarget(await clientOf(connections, connection), proposal, { ...(options.dryRun ? { dryRun: true } : {}), ...(signal ? { signal } : {}) });
    },
  };
}
