import { Heading, Text } from '@adobe/react-spectrum';
import type { ReactNode } from 'react';
import { useConnections } from '../queries/use-server-state';
import { sandboxLabel } from '../state/connections-slice';

/**
 * A screen's title and the one line under it that says what the screen is for.
 * Why one component: every screen opens the same way, and a steward reads the line to know
 * where they are; `children` follow the line (the Prepare screen's steps).
 */
export function ScreenHeader({ title, subtitle, children }: { title: string; subtitle: ReactNode; children?: ReactNode }) {
  return (
    <header className="screen-header">
      <Heading level={1} margin={0} UNSAFE_className="screen-header__title">
        {title}
      </Heading>
      <Text UNSAFE_className="prepare-muted">{subtitle}</Text>
      {children}
    </header>
  );
}

/**
 * "`what` of <the active connection>": its name, and the embedded emulator or its AEP sandbox.
 * Why: the screens that read from a connection (Targets, Batches, Profiles) must say which one,
 * since a production sandbox and the Local sandbox look alike otherwise.
 */
export function OfActiveConnection({ what }: { what: string }) {
  const { active } = useConnections();
  if (!active) return <>{what} of the active connection</>;
  return (
    <>
      {what} of <strong>{active.connection.name}</strong> ({active.connection.kind === 'local' ? 'embedded emulator' : `sandbox ${sandboxLabel(active)}`})
    </>
  );
}
