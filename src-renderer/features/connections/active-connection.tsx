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
  return (
    <div className="active-connection">
      <button type="button" className="active-connection__button" onClick={onOpen} aria-label={`Connection: ${active.connection.name}, sandbox ${sandboxLabel(active)}. Open Connections`}>
        {local ? <Home size="S" aria-hidden /> : <CloudOutline size="S" aria-hidden />}
        <span className="active-connection__name">{active.connection.name}</span>
        <span className="active-connection__sandbox">{local ? 'embedded' : `sandbox ${sandboxLabel(active)}`}</span>
      </button>
      {active.production ? <ProductionBadge /> : null}
    </div>
  );
}
