import { LOCAL_CONNECTION_ID } from '../../../../src-shared/platform/connection';
import type { PlatformTarget } from '../../platform/platform-client';

/**
 * What makes two uploads go to the same place: the org and sandbox, and the host for AEP.
 * Why one rule for the CLI and the app: the job key hashes it, so `xdm-loader upload` and the
 * app resume each other's journals only if both compute it alike. Why not the Local sandbox's
 * URL: it listens on a new port each run, yet it is the same sandbox (its org is per data folder).
 */
export type TargetKeyParts = Pick<PlatformTarget, 'connectionId' | 'platformUrl' | 'orgId' | 'sandboxName'>;

const LOCAL_HOST = 'local';

export function targetKeyOf(target: TargetKeyParts): string {
  const host = target.connectionId === LOCAL_CONNECTION_ID ? LOCAL_HOST : target.platformUrl;
  return `${host}|${target.orgId}|${target.sandboxName}`;
}

/** True for a key made for the built-in Local sandbox (of this data folder: its org is not needed to tell). */
export function isLocalTargetKey(key: string): boolean {
  return key.startsWith(`${LOCAL_HOST}|`);
}
