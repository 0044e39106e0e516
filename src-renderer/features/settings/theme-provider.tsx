import { defaultTheme, Provider } from '@adobe/react-spectrum';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useBridge } from '../../queries/server-context';
import { serverQueries } from '../../queries/server-queries';

/**
 * Spectrum's provider in the theme the steward chose on the Settings screen.
 * Why no colorScheme for "system" (and until the settings are read): the provider then follows
 * the system's light or dark setting live.
 */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const bridge = useBridge();
  const theme = useQuery(serverQueries.settings(bridge)).data?.settings.theme ?? 'system';
  return (
    <Provider theme={defaultTheme} locale="en-US" height="100%" {...(theme === 'system' ? {} : { colorScheme: theme })}>
      {children}
    </Provider>
  );
}
