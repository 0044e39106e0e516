/**
 * The sandbox's own credentials: org id, client id and secret, tenant id and token-signing key.
 *
 * Generated at first start and kept in `credentials.json` in the data dir, so that a restarted
 * sandbox accepts the same secret and the tokens it issued before the restart.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SandboxCredentials {
  orgId: string;
  clientId: string;
  clientSecret: string;
  tenantId: string;
  tokenKey: string;
}

function isCredentials(value: unknown): value is SandboxCredentials {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['orgId', 'clientId', 'clientSecret', 'tenantId', 'tokenKey'].every((k) => typeof v[k] === 'string');
}

/** Loads the data dir's credentials, creating them on first start. */
export function loadOrCreateCredentials(dataDir: string): SandboxCredentials {
  const file = path.join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (isCredentials(parsed)) return parsed;
    throw new Error(`${file} is not a valid sandbox credentials file`);
  }
  const creds: SandboxCredentials = {
    orgId: `${randomBytes(12).toString('hex').toUpperCase()}@AdobeOrg`,
    clientId: randomBytes(16).toString('hex'),
    clientSecret: `p8e-${randomBytes(24).toString('base64url')}`,
    tenantId: `local${randomBytes(3).toString('hex')}`,
    tokenKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
  return creds;
}
