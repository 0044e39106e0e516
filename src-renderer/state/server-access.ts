import type { QueryClient } from '@tanstack/react-query';
import type { XdmBridge } from '../../src-shared/ipc/contract';

/** What a slice needs to write to main and to mark what it changed: the bridge and the query cache. */
export interface ServerAccess {
  bridge: XdmBridge;
  client: QueryClient;
}
