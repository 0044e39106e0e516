import type { SecretStore } from '../../../src-main/core/secrets/secret-store';

/** A keychain in memory, for tests that need saved secrets without the OS Secret Service. */
export function memoryKeychain(): SecretStore {
  const entries = new Map<string, string>();
  return {
    description: 'memory',
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}
