import { AppError, isAppError } from '../../../src-shared/domain/errors';
import { type AepConnection, type Connection, DEFAULT_AEP_SCOPES, type SecretSource } from '../../../src-shared/platform/connection';
import type { SecretResolver } from '../secrets/secret-resolver';
import type { PlatformTarget } from './platform-client';

/**
 * Turns a stored connection into what the client calls: hosts, org, sandbox, and a way to get the secret.
 * Why the Local sandbox comes in as a function: core's client side never imports the emulator
 * (design §2); the composition root that started it hands over its URL and credentials.
 */
export interface LocalSandboxEndpoint {
  url: string;
  credentials: { orgId: string; clientId: string; clientSecret: string; sandboxName: string };
}
export type LocalSandboxProvider = () => LocalSandboxEndpoint | Promise<LocalSandboxEndpoint>;

export async function resolveTarget(
  connection: Connection,
  deps: { secrets: SecretResolver; localSandbox?: LocalSandboxProvider | undefined },
): Promise<PlatformTarget> {
  if (connection.kind === 'local') {
    if (!deps.localSandbox) {
      throw new AppError('UNREACHABLE', 'The Local sandbox is not running here. Start the app, or run `xdm-loader sandbox` and add a connection to its URL.');
    }
    const local = await deps.localSandbox();
    const url = local.url.replace(/\/+$/, '');
    return {
      connectionId: connection.id,
      connectionName: connection.name,
      imsUrl: url,
      platformUrl: url,
      streamingUrl: url,
      orgId: local.credentials.orgId,
      clientId: local.credentials.clientId,
      sandboxName: local.credentials.sandboxName,
      scopes: [...DEFAULT_AEP_SCOPES],
      clientSecret: async () => local.credentials.clientSecret,
    };
  }
  return aepTarget(connection, () => deps.secrets.require(connection.id, connection.name));
}

/** The target of an AEP connection, with the secret read on demand. */
export function aepTarget(connection: AepConnection, clientSecret: () => Promise<string>): PlatformTarget {
  return {
    connectionId: connection.id,
    connectionName: connection.name,
    imsUrl: connection.imsUrl,
    platformUrl: connection.platformUrl,
    streamingUrl: connection.streamingUrl,
    orgId: connection.orgId,
    clientId: connection.clientId,
    sandboxName: connection.sandboxName,
    scopes: connection.scopes,
    clientSecret,
  };
}

/** Reads whether a secret is configured, reporting an unreachable keychain as `unavailable`. */
export async function secretSourceOf(connection: Connection, secrets: SecretResolver): Promise<SecretSource> {
  if (connection.kind === 'local') return 'sandbox';
  try {
    return await secrets.source(connection.id);
  } catch (error) {
    if (isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE') return 'unavailable';
    throw error;
  }
}
