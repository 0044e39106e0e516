import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import type { PlatformClient } from '../platform/platform-client';

/**
 * The client of the connection a caller names, or of the active one when it names none.
 * Why every service takes an optional ref: a screen names its connection (or means the active
 * one), a command names a saved connection or an ad-hoc one from its flags; the rule is one.
 */
export async function clientOf(connections: ConnectionService, ref: ConnectionRef | undefined): Promise<PlatformClient> {
  return connections.client(ref ?? (await connections.activeId()));
}
