import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { keychainUnavailable } from './keychain-errors';
import { KEYCHAIN_CHECK_ACCOUNT, SECRET_SERVICE_NAME, type SecretStore } from './secret-store';

/**
 * The OS keychain store: macOS Keychain, Windows Credential Manager, Linux Secret Service.
 * Why pin the Linux store: by default @napi-rs/keyring silently falls back to the kernel keyring,
 * which forgets everything at reboot and hides the real problem (no Secret Service) from the
 * person. With `store: 'secret-service'` it fails instead, and we say how to fix it.
 */
export function createKeyringSecretStore(options: { service?: string; platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {}): SecretStore {
  const service = options.service ?? SECRET_SERVICE_NAME;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const entryOptions: EntryOptions = { linux: { store: 'secret-service' } };

  /** Opens the entry and runs one operation; any failure is the keychain being unavailable. */
  async function withEntry<T>(account: string, action: 'read' | 'save' | 'delete' | 'check', run: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    try {
      // Loaded on first use: the native module and the libraries it links cost every CLI command
      // about 13 MB of resident memory at start, and most commands never read a secret.
      const { AsyncEntry: Entry } = await import('@napi-rs/keyring');
      return await run(new Entry(service, account, entryOptions));
    } catch (error) {
      throw keychainUnavailable(error, { platform, env, action });
    }
  }

  return {
    description: platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'the Windows Credential Manager' : 'the Secret Service',
    get: (account) => withEntry(account, 'read', (entry) => entry.getPassword()),
    set: (account, secret) => withEntry(account, 'save', (entry) => entry.setPassword(secret)),
    delete: (account) => withEntry(account, 'delete', (entry) => entry.deletePassword()),
    check: async () => {
      await withEntry(KEYCHAIN_CHECK_ACCOUNT, 'check', (entry) => entry.getPassword());
    },
  };
}
