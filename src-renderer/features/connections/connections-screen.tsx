import { Button, Content, DialogContainer, Flex, Heading, InlineAlert, ProgressCircle, Text, View } from '@adobe/react-spectrum';
import Add from '@spectrum-icons/workflow/Add';
import { useState } from 'react';
import { ScreenHeader } from '../../components/screen-header';
import type { ConnectionView } from '../../../src-shared/platform/connection';
import { useConnections } from '../../queries/use-server-state';
import { connectionsSelectors } from '../../state/connections-slice';
import { useAppStore } from '../../state/store-context';
import { ConnectionCard } from './connection-card';
import './connections.css';
import { ConnectionFormDialog } from './connection-form-dialog';

/** Which form is open: none, a new connection, or an existing one. */
type Editing = { kind: 'closed' } | { kind: 'new' } | { kind: 'edit'; view: ConnectionView };

function ConnectionList({ onEdit }: { onEdit: (view: ConnectionView) => void }) {
  const { status, views, error } = useConnections();
  if (status === 'error' && error) {
    return (
      <InlineAlert variant="negative">
        <Heading>The connections could not be read</Heading>
        <Content>{error.message}</Content>
      </InlineAlert>
    );
  }
  if (views.length === 0) {
    return (
      <Flex alignItems="center" gap="size-100">
        <ProgressCircle size="S" isIndeterminate aria-label="Loading connections" />
        <Text>Reading connections…</Text>
      </Flex>
    );
  }
  return (
    <ul className="connection-list" aria-label="Connections">
      {views.map((view) => (
        <ConnectionCard key={view.connection.id} view={view} onEdit={onEdit} />
      ))}
    </ul>
  );
}

/**
 * Connect, step 1 of the journey: where data goes and as whom.
 * Why the Local sandbox comes first and needs nothing: it is the demo and the safe place to try
 * a load; a real org is one "Add connection" away, with its secret kept in the OS keychain.
 */
export function ConnectionsScreen() {
  const actionError = useAppStore(connectionsSelectors.actionError);
  const [editing, setEditing] = useState<Editing>({ kind: 'closed' });

  return (
    <Flex direction="column" gap="size-200" minHeight={0}>
      <Flex alignItems="end" justifyContent="space-between" gap="size-200" wrap>
        <ScreenHeader title="Connections" subtitle="Where files are loaded, and as whom. Client secrets stay in the OS keychain." />
        <Button variant="accent" onPress={() => setEditing({ kind: 'new' })}>
          <Add />
          <Text>Add connection</Text>
        </Button>
      </Flex>
      {actionError ? (
        <InlineAlert variant="negative">
          <Heading>That did not work</Heading>
          <Content>{actionError.message}</Content>
        </InlineAlert>
      ) : null}
      <View>
        <ConnectionList onEdit={(view) => setEditing({ kind: 'edit', view })} />
      </View>
      <DialogContainer onDismiss={() => setEditing({ kind: 'closed' })}>
        {editing.kind === 'new' ? <ConnectionFormDialog editing={null} /> : null}
        {editing.kind === 'edit' ? <ConnectionFormDialog editing={editing.view} /> : null}
      </DialogContainer>
    </Flex>
  );
}
