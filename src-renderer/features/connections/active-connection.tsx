import { Text } from '@adobe/react-spectrum';
import CloudOutline from '@spectrum-icons/workflow/CloudOutline';
import Home from '@spectrum-icons/workflow/Home';
import { useConnections } from '../../queries/use-server-state';
import { sandboxLabel } from '../../state/connections-slice';
import { ProductionBadge } from './production-badge';
import './connections.css';

/**
 * The current connection and sandbox, always in the header; a production sandbox is marked red.
 * Why always visible: loading into the wrong sandbox is the costliest mistake the app allows,
 * and the header is the one place every screen shares. Pressing it opens the Connections screen.
 */
export function ActiveConnection({ onOpen }: { onOpen: () => void }) {
  const { status, active } = useConnections();

  if (!active) {
    return status === 'error' ? <Text UNSAFE_className="active-connection__missing">No connection</Text> : null;
  }
  const local = active.connection.kind === 'local';
  const where = local ? 'embedded' : `sandbox ${sandboxLabel(active)}`;
  // The name starts with the words shown, so speech input ("click Local sandbox") finds it.
  return (
    <div className="active-connection">
      <button
        type="button"
        className="active-connection__button"
        onClick={onOpen}
        aria-label={`${active.connection.name} ${where}: the active connection. Open Connections`}
      >
        {local ? <Home size="S" aria-hidden /> : <CloudOutline size="S" aria-hidden />}
        <span className="active-connection__name">{active.connection.name}</span> <span className="active-connection__sandbox">{where}</span>
      </button>
      {active.production ? <ProductionBadge /> : null}
    </div>
  );
}
