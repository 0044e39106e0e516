import { ActionButton, Badge, DialogTrigger, Flex, StatusLight, Text } from '@adobe/react-spectrum';
import Beaker from '@spectrum-icons/workflow/Beaker';
import CloudOutline from '@spectrum-icons/workflow/CloudOutline';
import Delete from '@spectrum-icons/workflow/Delete';
import Edit from '@spectrum-icons/workflow/Edit';
import Home from '@spectrum-icons/workflow/Home';
import Star from '@spectrum-icons/workflow/Star';
import type { ConnectionView } from '../../../src-shared/platform/connection';
import { useActiveConnectionId } from '../../queries/use-server-state';
import { connectionsSelectors } from '../../state/connections-slice';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { DeleteConnectionDialog } from './delete-connection-dialog';
import { ProductionBadge } from './production-badge';
import { secretStatusLabels, secretStatusVariants } from './secret-status';
import { TestReportView } from './test-report-view';

interface Fact {
  label: string;
  value: string;
}

function factsOf(view: ConnectionView): Fact[] {
  const c = view.connection;
  if (c.kind === 'local') {
    return [
      { label: 'Where', value: 'The emulator XDM Loader runs on this computer' },
      { label: 'Credentials', value: 'Built in: nothing to type' },
    ];
  }
  return [
    { label: 'Sandbox', value: c.sandboxName },
    { label: 'IMS org', value: c.orgId },
    { label: 'Client id', value: c.clientId },
    { label: 'Platform', value: new URL(c.platformUrl).host },
  ];
}

/**
 * One connection: what it points at, whether its secret is there, and what can be done with it.
 * Why each card carries its own last test: "does this one work?" is the question a steward asks
 * before choosing it, and the answer stays next to the connection it is about.
 */
export function ConnectionCard({ view, onEdit }: { view: ConnectionView; onEdit: (view: ConnectionView) => void }) {
  const store = useAppStoreApi();
  const { connection } = view;
  const active = useActiveConnectionId() === connection.id;
  const test = useAppStore(connectionsSelectors.testOf(connection.id));
  const busy = useAppStore(connectionsSelectors.busyOf(connection.id));
  const local = connection.kind === 'local';
  const testing = test?.status === 'running';

  return (
    <li
      className={`connection-card${active ? ' connection-card--active' : ''}${view.production ? ' connection-card--production' : ''}`}
      aria-label={connection.name}
    >
      <Flex alignItems="start" gap="size-150">
        <div className="connection-card__icon" aria-hidden>
          {local ? <Home size="M" /> : <CloudOutline size="M" />}
        </div>
        <Flex direction="column" flexGrow={1} minWidth={0} gap="size-100">
          <Flex alignItems="center" gap="size-100" wrap>
            <h3 className="connection-card__name">{connection.name}</h3>
            {active ? (
              <Badge variant="info">
                <Text>Active</Text>
              </Badge>
            ) : null}
            {view.production ? <ProductionBadge /> : null}
            <StatusLight variant={secretStatusVariants[view.secret]} UNSAFE_className="connection-card__secret">
              {secretStatusLabels[view.secret]}
            </StatusLight>
          </Flex>
          <dl className="connection-facts">
            {factsOf(view).map((fact) => (
              <div key={fact.label} className="connection-facts__fact">
                <dt>{fact.label}</dt>
                <dd>{fact.value}</dd>
              </div>
            ))}
          </dl>
        </Flex>
        <Flex gap="size-100" alignItems="center" wrap justifyContent="end" UNSAFE_className="connection-card__actions">
          <ActionButton onPress={() => void store.getState().testConnection(connection.id)} isDisabled={testing} aria-label={`Test ${connection.name}`}>
            <Beaker />
            <Text>Test</Text>
          </ActionButton>
          {!active ? (
            <ActionButton
              onPress={() => void store.getState().setActiveConnection(connection.id)}
              isDisabled={busy !== null}
              aria-label={`Use ${connection.name}`}
            >
              <Star />
              <Text>Use</Text>
            </ActionButton>
          ) : null}
          {!local ? (
            <>
              <ActionButton onPress={() => onEdit(view)} aria-label={`Edit ${connection.name}`}>
                <Edit />
                <Text>Edit</Text>
              </ActionButton>
              <DialogTrigger>
                <ActionButton isDisabled={busy !== null} aria-label={`Delete ${connection.name}`}>
                  <Delete />
                </ActionButton>
                <DeleteConnectionDialog view={view} />
              </DialogTrigger>
            </>
          ) : null}
        </Flex>
      </Flex>
      {test ? <TestReportView test={test} name={connection.name} /> : null}
    </li>
  );
}
