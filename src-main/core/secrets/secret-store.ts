/**
 * Where client secrets are kept: an OS keychain, behind one small interface.
 * Why an interface: the app, the CLI and the tests pick the store; everything else only asks for
 * a secret by account and never learns where it lives. A store never writes a secret to a file.
 */
export interface SecretStore {
  /** A name for people, used in messages ("the Secret Service"). */
  readonly description: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when a secret was there and is now gone. */
  delete(account: string): Promise<boolean>;
  /**
   * Asks the keychain whether it answers, writing nothing; throws KEYCHAIN_UNAVAILABLE (said for
   * someone about to type a secret) when it does not. Stores without it are asked with a `get`.
   */
  check?(): Promise<void>;
}

/** The account a keychain check reads: never written, so a keychain that answers says "none". */
export const KEYCHAIN_CHECK_ACCOUNT = 'keychain-check';

/** The keychain service name all of XDM Loader's secrets are filed under. */
export const SECRET_SERVICE_NAME = 'xdm-loader';

/** The keychain account of a connection's client secret. */
export function clientSecretAccount(connectionId: string): string {
  return `connection:${connectionId}`;
}
