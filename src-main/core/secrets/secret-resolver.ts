import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { SecretSource } from '../../../src-shared/platform/connection';
import { clientSecretAccount, KEYCHAIN_CHECK_ACCOUNT, type SecretStore } from './secret-store';

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
  /**
   * Holds the secret in this process's memory until it ends, for a machine without a keychain.
   * Why never written: the settings file is plain JSON; a secret kept only in memory is gone when
   * the app closes, which the Settings screen says before it is typed.
   */
  holdForSession(connectionId: string, secret: string): void;
  /**
   * Whether a secret typed now could be saved in the keychain; when not, why, in words for the
   * steward on the first line (the remedy for whoever looks after the computer after it).
   * Why asked before: the connection form says so before the secret is typed and offers the
   * session-only secret instead, rather than failing after Save.
   */
  keychain(): Promise<KeychainStatus>;
  remove(connectionId: string): Promise<boolean>;
}

export type KeychainStatus = { available: true } | { available: false; message: string };

export function createSecretResolver(options: { store: SecretStore; environmentSecret?: string | undefined }): SecretResolver {
  const { store } = options;
  const fromEnv = options.environmentSecret !== undefined && options.environmentSecret !== '' ? options.environmentSecret : undefined;
  /** Session-only secrets, by connection id: this process's memory and nowhere else. */
  const session = new Map<string, string>();

  return {
    async source(connectionId) {
      if (fromEnv !== undefined) return 'environment';
      if (session.has(connectionId)) return 'session';
      return (await store.get(clientSecretAccount(connectionId))) === null ? 'none' : 'keychain';
    },
    async require(connectionId, connectionName) {
      if (fromEnv !== undefined) return fromEnv;
      const held = session.get(connectionId);
      if (held !== undefined) return held;
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
    holdForSession(connectionId, secret) {
      if (secret.trim() === '') throw new AppError('INVALID_INPUT', 'The client secret is empty.', { field: 'secret' });
      session.set(connectionId, secret);
    },
    async keychain() {
      try {
        if (store.check) await store.check();
        else await store.get(KEYCHAIN_CHECK_ACCOUNT);
        return { available: true };
      } catch (error) {
        if (isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE') return { available: false, message: error.message };
        throw error;
      }
    },
    async remove(connectionId) {
      const held = session.delete(connectionId);
      try {
        return (await store.delete(clientSecretAccount(connectionId))) || held;
      } catch (error) {
        // No keychain: the session's secret, if any, is gone all the same.
        if (held) return true;
        throw error;
      }
    },
  };
}
