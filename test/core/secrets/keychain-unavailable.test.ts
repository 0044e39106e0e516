import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-shared/domain/errors';
import { createKeyringSecretStore } from '../../../src-main/core/secrets/keyring-secret-store';
import { keychainUnavailable } from '../../../src-main/core/secrets/keychain-errors';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe.skipIf(process.platform !== 'linux')('no keychain reachable (Linux)', () => {
  it('fails with KEYCHAIN_UNAVAILABLE and never falls back to the kernel keyring', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/xdm-loader-bus' };
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = env.DBUS_SESSION_BUS_ADDRESS;
    try {
      const store = createKeyringSecretStore({ service: `xdm-loader-unavailable-${process.pid}`, env });
      const error = await failure(store.set('acct', 'secret-never-stored'));
      expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(error.message).toMatch(/Secret Service/);
      expect(error.message).toMatch(/XDM_LOADER_CLIENT_SECRET/);
      expect(error.message).not.toContain('secret-never-stored');
      // Had it fallen back to the kernel keyring, the read would find the secret.
      expect((await failure(store.get('acct'))).code).toBe('KEYCHAIN_UNAVAILABLE');
    } finally {
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
    }
  });

  it('says what is missing when there is no session bus at all', () => {
    const error = keychainUnavailable(new Error('DBus error: autolaunch disabled'), { platform: 'linux', env: {}, action: 'save' });
    expect(error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(error.message).toContain('DBUS_SESSION_BUS_ADDRESS is not set');
    expect(error.message).toContain('gnome-keyring-daemon');
  });

  it('speaks to the steward on its first line, leaving D-Bus and environment variables to the lines after', () => {
    for (const env of [{}, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' }]) {
      for (const cause of [new Error('DBus error: autolaunch disabled'), new Error('Platform failure: the collection is locked')]) {
        const [first, ...rest] = keychainUnavailable(cause, { platform: 'linux', env, action: 'save' }).message.split('\n');
        expect(first).toMatch(/^The client secret could not be saved: /);
        expect(first).not.toMatch(/d-?bus|dbus-run-session|[A-Z]+_[A-Z_]+|Secret Service|`/i);
        expect(rest.join('\n')).toContain('XDM_LOADER_CLIENT_SECRET');
      }
    }
    const locked = keychainUnavailable(new Error('the collection is locked'), { platform: 'linux', env: { DBUS_SESSION_BUS_ADDRESS: 'x' }, action: 'read' });
    expect(locked.message.split('\n')[0]).toContain('your keyring is locked');
  });

  it('says what cannot be done before a secret is typed (the connection form asks first)', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const [first] = keychainUnavailable(new Error('DBus error: autolaunch disabled'), { platform, env: {}, action: 'check' }).message.split('\n');
      expect(first).toMatch(/^The client secret cannot be saved here: /);
      expect(first).not.toMatch(/d-?bus|[A-Z]+_[A-Z_]+|`/i);
    }
  });

  it('lets XDM_LOADER_CLIENT_SECRET stand in without touching the keychain', async () => {
    const store = createKeyringSecretStore({ service: 'unused', env: {} });
    const secrets = createSecretResolver({ store, environmentSecret: 'from-env' });
    expect(await secrets.require('c_any', 'Any')).toBe('from-env');
    expect(await secrets.source('c_any')).toBe('environment');
  });
});
