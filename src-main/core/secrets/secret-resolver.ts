import { AppError } from '../../../src-shared/domain/errors';
import type { SecretSource } from '../../../src-shared/platform/connection';
import { clientSecretAccount, type SecretStore } from './secret-store';

/** The environment variable that may supply the client secret on the command line and in CI. */
export const CLIENT_SECRET_ENV = 'XDM_LOADER_CLIENT_SECRET';

/**
 * Finds a connection's client secret: the environment first when allowed, else the keychain.
 * Why the environment only when the composition root passes it: in CI there is no keychain and the
 * secret comes from the runner; in the desktop app one variable cannot belong to every connection.
 */
export interface SecretResolver {
  /** Where the secret would come from, without reading it when the keychain is the answer. */
  source(connectionId: string): Promise<SecretSource>;
  /** The secret; a MISSING secret is an UNAUTHORIZED error that says how to provide one. */
  require(connectionId: string, connectionName: string): Promise<string>;
  save(connectionId: string, secret: string): Promise<void>;
  remove(connectionId: string): Promise<boolean>;
}

export function createSecretResolver(options: { store: SecretStore; environmentSecret?: string | undefined }): SecretResolver {
  const { store } = options;
  const fromEnv = options.environmentSecret !== undefined && options.environmentSecret !== '' ? options.environmentSecret : undefined;

  return {
    async source(connectionId) {
      if (fromEnv !== undefined) return 'environment';
      return (await store.get(clientSecretAccount(connectionId))) === null ? 'none' : 'keychain';
    },
    async require(connectionId, connectionName) {
      if (fromEnv !== undefined) return fromEnv;
      const secret = await store.get(clientSecretAccount(connectionId));
      if (secret === null || secret === '') {
        throw new AppError(
          'UNAUTHORIZED',
          `No client secret is saved for "${connectionName}". Save it in the connection's settings ` +
            `(\`xdm-loader connection add ... --secret-stdin\`), or set ${CLIENT_SECRET_ENV} for this run.`,
        );
      }
      return secret;
    },
    async save(connectionId, secret) {
      if (secret.trim() === '') throw new AppError('INVALID_INPUT', 'The client secret is empty.', { field: 'secret' });
      await store.set(clientSecretAccount(connectionId), secret);
    },
    remove: (connectionId) => store.delete(clientSecretAccount(connectionId)),
  };
}
