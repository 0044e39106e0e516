import { describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';
import type { SecretStore } from '../../../src-main/core/secrets/secret-store';
import { AppError } from '../../../src-shared/domain/errors';
import { memoryKeychain } from './memory-keychain';

/** A keychain that is not there: every call fails as the OS one does when no Secret Service answers. */
const noKeychain: SecretStore = {
  description: 'none',
  get: () => Promise.reject(new AppError('KEYCHAIN_UNAVAILABLE', 'no keychain')),
  set: () => Promise.reject(new AppError('KEYCHAIN_UNAVAILABLE', 'no keychain')),
  delete: () => Promise.reject(new AppError('KEYCHAIN_UNAVAILABLE', 'no keychain')),
};

describe('a secret held for the session only', () => {
  it('is used where no keychain answers, and said to be the session’s', async () => {
    const secrets = createSecretResolver({ store: noKeychain });
    await expect(secrets.require('c_1', 'Acme')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    secrets.holdForSession('c_1', 'p8e-session');
    expect(await secrets.require('c_1', 'Acme')).toBe('p8e-session');
    expect(await secrets.source('c_1')).toBe('session');
    // Removing the connection's secret forgets it, keychain or not.
    expect(await secrets.remove('c_1')).toBe(true);
    await expect(secrets.require('c_1', 'Acme')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  });

  it('is never written to the keychain, and lives no longer than its resolver (the process)', async () => {
    const store = memoryKeychain();
    const secrets = createSecretResolver({ store });
    secrets.holdForSession('c_1', 'p8e-session');
    expect(await store.get('connection:c_1')).toBeNull();
    expect(await createSecretResolver({ store }).source('c_1')).toBe('none');
  });

  it('refuses an empty secret', () => {
    expect(() => createSecretResolver({ store: noKeychain }).holdForSession('c_1', '  ')).toThrow(/empty/);
  });
});
