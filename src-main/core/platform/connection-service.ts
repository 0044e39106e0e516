import { AppError, isAppError } from '../../../src-shared/domain/errors';
import {
  type AepConnection,
  type Connection,
  ConnectionDraft,
  type ConnectionView,
  DEFAULT_AEP_SCOPES,
  isProductionConnection,
} from '../../../src-shared/platform/connection';
import type { ConnectionTestReport } from '../../../src-shared/platform/connection-test-report';
import { defaultHostPreset } from '../../../src-shared/platform/host-presets';
import type { DatasetSummary, IdentityNamespaceSummary, SchemaSummary } from '../../../src-shared/platform/targets';
import type { KeychainStatus, SecretResolver } from '../secrets/secret-resolver';
import type { SecretKeeping } from '../../../src-shared/platform/connection';
import { clientSecretAccount, SECRET_SERVICE_NAME } from '../secrets/secret-store';
import type { ConnectionStore } from '../settings/connection-store';
import { listDatasets } from './catalog';
import { aepTarget, type LocalSandboxProvider, resolveTarget, secretSourceOf } from './connection-target';
import { testConnection } from './connection-test';
import { listNamespaces } from './identity';
import { createTokenProvider, type TokenProvider } from './ims-token';
import type { Logger } from './logger';
import { createPlatformClient, type PlatformClient, type PlatformClientOptions, type PlatformTarget } from './platform-client';
import type { RetryPolicy } from './retry-policy';
import { getSchema, listSchemaSummaries, type SchemaDocument, type SchemaFormat } from './schema-registry';

/**
 * Connections as the app and the CLI use them: stored fields, secret, token, client, test.
 * Why one service: IPC handlers (`connections.*`, `credentials.*`, `schemas.*`, `datasets.*`,
 * `identity.namespaces`) and CLI commands are thin over it, and one token cache serves both
 * the screens and the jobs of a process.
 */

/** A connection not saved anywhere: typed in a form or given as CLI flags, with its secret. */
export interface AdHocConnection {
  draft: ConnectionDraft;
  secret: string;
}
/** A saved connection by id or name, or an ad-hoc one. */
export type ConnectionRef = string | AdHocConnection;

export interface ConnectionService {
  list(): Promise<ConnectionView[]>;
  get(idOrName: string): Promise<ConnectionView>;
  /**
   * Saves a new AEP connection; with `secret`, also stores it in the keychain, or holds it for this
   * session only when `secretIn` is `session` (or saves nothing).
   */
  add(draft: ConnectionDraft, secret?: string, secretIn?: SecretKeeping): Promise<ConnectionView>;
  update(id: string, draft: ConnectionDraft): Promise<ConnectionView>;
  /** Removes the connection and its keychain entry. */
  /**
   * Removes a connection and its client secret. With the keychain unreachable nothing is removed
   * and a KEYCHAIN_UNAVAILABLE error says what would remain and how to go on; `keepSecret`
   * removes the connection only (the error names the keychain entry to delete by hand).
   */
  remove(idOrName: string, options?: { keepSecret?: boolean }): Promise<void>;
  activeId(): Promise<string>;
  setActive(idOrName: string): Promise<void>;
  /** Write-only: the renderer can save a secret and ask whether one is configured, never read it. */
  saveSecret(idOrName: string, secret: string): Promise<void>;
  /** Holds the secret in memory until the process ends, never written (a machine without a keychain). */
  holdSecretForSession(idOrName: string, secret: string): Promise<void>;
  deleteSecret(idOrName: string): Promise<boolean>;
  /** Whether a secret typed now could be saved in the keychain (secret-resolver.ts). */
  keychain(): Promise<KeychainStatus>;
  test(ref: ConnectionRef, signal?: AbortSignal): Promise<ConnectionTestReport>;
  /** A client for jobs (upload, poll, confirm) that need calls beyond the listings below. */
  client(ref: ConnectionRef): Promise<PlatformClient>;
  listSchemas(ref: ConnectionRef, signal?: AbortSignal): Promise<SchemaSummary[]>;
  getSchema(ref: ConnectionRef, schemaId: string, format?: SchemaFormat, signal?: AbortSignal): Promise<SchemaDocument>;
  listDatasets(ref: ConnectionRef, signal?: AbortSignal): Promise<DatasetSummary[]>;
  listNamespaces(ref: ConnectionRef, signal?: AbortSignal): Promise<IdentityNamespaceSummary[]>;
}

export interface ConnectionServiceOptions {
  store: ConnectionStore;
  secrets: SecretResolver;
  logger: Logger;
  /** The embedded emulator, when this process runs one. */
  localSandbox?: LocalSandboxProvider;
  tokens?: TokenProvider;
  fetch?: typeof fetch;
  retry?: RetryPolicy;
  /** Waits out a server's Retry-After beyond the retry budget, showing it (see PlatformClientOptions). */
  onServerWait?: PlatformClientOptions['onServerWait'];
}

/**
 * What stays behind when the keychain cannot be reached, and the ways on.
 * Why not queue the deletion for later: the secret would stay until some later run found the
 * keychain reachable, unseen by the person who asked for it gone; saying so now lets them act.
 */
function secretLeftMessage(name: string, account: string, reason: string): string {
  return (
    `Connection "${name}" was not removed: its client secret could not be deleted from the keychain, where it would stay. ${reason} ` +
    `Make the keychain reachable and remove the connection again; or remove the connection only (\`xdm-loader connection remove --keep-secret\`) ` +
    `and delete the keychain entry yourself: service "${SECRET_SERVICE_NAME}", account "${account}" ` +
    `(Linux: secret-tool clear service ${SECRET_SERVICE_NAME} account ${account}; macOS: security delete-generic-password -s ${SECRET_SERVICE_NAME} -a ${account}; Windows: Credential Manager).`
  );
}

/** The id an ad-hoc connection's token is cached under. */
const AD_HOC_ID = 'c_ad-hoc';

export function createConnectionService(options: ConnectionServiceOptions): ConnectionService {
  const { store, secrets, logger } = options;
  const tokens =
    options.tokens ?? createTokenProvider({ logger, ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.retry ? { retry: options.retry } : {}) });

  async function view(connection: Connection): Promise<ConnectionView> {
    return { connection, secret: await secretSourceOf(connection, secrets), production: isProductionConnection(connection) };
  }

  async function saved(idOrName: string): Promise<AepConnection> {
    const connection = await store.get(idOrName);
    if (connection.kind !== 'aep') throw new AppError('INVALID_INPUT', 'The Local sandbox connection needs no secret and cannot be changed.');
    return connection;
  }

  async function targetOf(ref: ConnectionRef): Promise<PlatformTarget> {
    if (typeof ref === 'string') return resolveTarget(await store.get(ref), { secrets, localSandbox: options.localSandbox });
    const parsed = ConnectionDraft.safeParse(ref.draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError('INVALID_INPUT', `${issue?.path.join('.') || 'connection'}: ${issue?.message ?? 'invalid'}`, { field: issue?.path.join('.') });
    }
    if (ref.secret === '') throw new AppError('UNAUTHORIZED', 'A client secret is required to use a connection that is not saved.');
    const connection: AepConnection = {
      ...parsed.data,
      id: AD_HOC_ID,
      kind: 'aep',
      streamingUrl: parsed.data.streamingUrl ?? defaultHostPreset.streamingUrl,
      scopes: parsed.data.scopes ?? [...DEFAULT_AEP_SCOPES],
    };
    // A new draft may carry another secret than the last one: never reuse its token.
    tokens.forget(AD_HOC_ID);
    return aepTarget(connection, async () => ref.secret);
  }

  async function client(ref: ConnectionRef): Promise<PlatformClient> {
    return createPlatformClient({
      target: await targetOf(ref),
      tokens,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onServerWait ? { onServerWait: options.onServerWait } : {}),
    });
  }

  return {
    async list() {
      return Promise.all((await store.list()).map(view));
    },
    async get(idOrName) {
      return view(await store.get(idOrName));
    },
    async add(draft, secret, secretIn = 'keychain') {
      const connection = await store.add(draft);
      if (secret !== undefined) {
        try {
          if (secretIn === 'session') secrets.holdForSession(connection.id, secret);
          else await secrets.save(connection.id, secret);
        } catch (error) {
          // Without its secret the connection is half made; take it back so a retry starts clean.
          await store.remove(connection.id);
          throw error;
        }
      }
      return view(connection);
    },
    async update(id, draft) {
      const connection = await store.update((await saved(id)).id, draft);
      tokens.forget(connection.id);
      return view(connection);
    },
    async remove(idOrName, removeOptions = {}) {
      const connection = await saved(idOrName);
      // The secret first: with the keychain unreachable, removing the connection anyway left its
      // secret in the keychain, silently, with nothing left to remove it through.
      if (removeOptions.keepSecret !== true) {
        try {
          await secrets.remove(connection.id);
        } catch (error) {
          if (!isAppError(error) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error;
          throw new AppError('KEYCHAIN_UNAVAILABLE', secretLeftMessage(connection.name, clientSecretAccount(connection.id), error.message));
        }
      }
      await store.remove(connection.id);
      tokens.forget(connection.id);
    },
    activeId: () => store.activeId(),
    async setActive(idOrName) {
      await store.setActive((await store.get(idOrName)).id);
    },
    async saveSecret(idOrName, secret) {
      const connection = await saved(idOrName);
      await secrets.save(connection.id, secret);
      tokens.forget(connection.id);
    },
    async holdSecretForSession(idOrName, secret) {
      const connection = await saved(idOrName);
      secrets.holdForSession(connection.id, secret);
      tokens.forget(connection.id);
    },
    keychain: () => secrets.keychain(),
    async deleteSecret(idOrName) {
      const connection = await saved(idOrName);
      tokens.forget(connection.id);
      return secrets.remove(connection.id);
    },
    async test(ref, signal) {
      return testConnection(await client(ref), tokens, signal);
    },
    client,
    async listSchemas(ref, signal) {
      return listSchemaSummaries(await client(ref), signal);
    },
    async getSchema(ref, schemaId, format, signal) {
      return getSchema(await client(ref), schemaId, { ...(format ? { format } : {}), ...(signal ? { signal } : {}) });
    },
    async listDatasets(ref, signal) {
      return listDatasets(await client(ref), signal ? { signal } : {});
    },
    async listNamespaces(ref, signal) {
      return listNamespaces(await client(ref), signal);
    },
  };
}
