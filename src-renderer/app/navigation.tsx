import { createContext, useContext } from 'react';

/**
 * Moving between screens from inside one (the header's connection opens Connections).
 * Why a context and not the URL: in browser mode the URL fragment carries the access token, so
 * navigation never touches the URL (see AppShell).
 */
export const NavigationContext = createContext<(screenId: string) => void>(() => undefined);

export function useNavigate(): (screenId: string) => void {
  return useContext(NavigationContext);
}
