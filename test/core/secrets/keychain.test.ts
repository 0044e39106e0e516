import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionService } from '../../../src-main/core/platform/connection-service';
import { silentLogger } from '../../../src-main/core/platform/logger';
import { createKeyringSecretStore } from '../../../src-main/core/secrets/keyring-secret-store';
import { createSecretResolver } from '../../../src-main/core/secrets/secret-resolver';
import { clientSecretAccount } from '../../../src-main/core/secrets/secret-store';
import { createConnectionStore } from '../../../src-main/core/settings/connection-store';

const run = promisify(execFile);

/**
 * Whether a Secret Service answers on the session bus.
 * Why probe: these tests use the real keychain (design §6); they run under
 * scripts/with-keyring.sh and skip, saying why, only where no Secret Service exists at all.
 */
async function secretServiceMissing(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `the Secret Service is Linux-only (platform ${process.platform})`;
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'DBUS_SESSION_BUS_ADDRESS is not set (run under scripts/with-keyring.sh)';
  try {
    const { stdout } = await run('dbus-send', [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ]);
    return stdout.includes('boolean true') ? undefined : 'no org.freedesktop.secrets owner on the session bus';
  } catch (error) {
    return `dbus-send failed: ${(error as Error).message}`;
  }
}

const missing = await secretServiceMissing();
if (missing) console.warn(`Skipping keychain tests: ${missing}.`);

// A service name of its own per run, so a developer's real entries are never touched.
const service = `xdm-loader-test-${process.pid}`;
const SECRET = 'p8e-keychain-secret-Zq81';

describe.skipIf(missing !== undefined)('OS keychain (real Secret Service)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'xdm-keychain-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('saves, reads and deletes a secret', async () => {
    const store = createKeyringSecretStore({ service });
    expect(await store.get('nobody')).toBeNull();
    await store.set('acct-1', SECRET);
    expect(await store.get('acct-1')).toBe(SECRET);
    expect(await store.delete('acct-1')).toBe(true);
    expect(await store.get('acct-1')).toBeNull();
    expect(await store.delete('acct-1')).toBe(false);
  });

  it('keeps a connection secret in the Secret Service (readable by secret-tool) and in no file of the data dir', async () => {
    const secrets = createSecretResolver({ store: createKeyringSecretStore({ service }) });
    const connections = createConnectionService({ store: createConnectionStore({ dataDir }), secrets, logger: silentLogger });
    const view = await connections.add(
      {
        name: 'Keychain test',
        imsUrl: 'https://ims-na1.adobelogin.com',
        platformUrl: 'https://platform.adobe.io',
        orgId: '5C1328435BF324E90A49402A@AdobeOrg',
        clientId: 'kc-client',
        sandboxName: 'dev',
      },
      SECRET,
    );
    expect(view.secret).toBe('keychain');
    const account = clientSecretAccount(view.connection.id);
    // @napi-rs/keyring files Secret Service items under the attributes `service` and `username`.
    const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'username', account]);
    expect(stdout).toBe(SECRET);

    const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files.filter((f) => f.isFile())) {
      const content = await readFile(path.join(file.parentPath, file.name), 'utf8');
      expect(content, file.name).not.toContain(SECRET);
    }

    await connections.remove(view.connection.id);
    await expect(run('secret-tool', ['lookup', 'service', service, 'username', account])).rejects.toThrow();
  });
});
