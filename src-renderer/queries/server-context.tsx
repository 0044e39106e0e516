import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { XdmBridge } from '../../src-shared/ipc/contract';

const BridgeContext = createContext<XdmBridge | null>(null);

/** The query cache and the bridge its queries ask through, for the components below. */
export function ServerStateProvider({ bridge, client, children }: { bridge: XdmBridge; client: QueryClient; children: ReactNode }) {
  return (
    <BridgeContext.Provider value={bridge}>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </BridgeContext.Provider>
  );
}

/** The bridge the server-state hooks ask through. */
export function useBridge(): XdmBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge needs a <ServerStateProvider> above it.');
  return bridge;
}
