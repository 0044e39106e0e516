import { Button, Content, Flex, Heading, InlineAlert, Item, Picker, ProgressCircle, Text } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { useNavigate } from '../../app/navigation';
import { useConnections, useTargets } from '../../queries/use-server-state';
import { useAppStore } from '../../state/store-context';
import type { UploadDraft } from '../../state/uploads-slice';
import { ProductionBadge } from '../connections/production-badge';

/**
 * The dataset to load into, from the active connection's datasets, each with its Profile status.
 * Why the connection is named: the same dataset name exists in several sandboxes, and a batch
 * sent to production cannot be taken back.
 */
export function DatasetChoice({ draft }: { draft: UploadDraft }) {
  const { active, activeId } = useConnections();
  const { status, error, datasets, schemas } = useTargets(activeId);
  const choose = useAppStore((s) => s.chooseUploadDataset);
  const navigate = useNavigate();
  const items = useMemo(
    () =>
      datasets.map((d) => ({
        id: d.id,
        name: d.name,
        detail: `${schemas.find((s) => s.id === d.schemaId)?.title ?? 'Unknown schema'} · ${d.profileEnabled ? 'enabled for Profile' : 'not enabled for Profile'}`,
      })),
    [datasets, schemas],
  );
  const current = draft.connectionId === activeId ? draft.datasetId : null;

  if (status === 'error' && error)
    return (
      <InlineAlert variant="negative">
        <Heading>The sandbox did not list its datasets</Heading>
        <Content>
          <p className="confirm-text">{error.message}</p>
          <Button variant="secondary" onPress={() => navigate('connections')}>
            Check the connection
          </Button>
        </Content>
      </InlineAlert>
    );
  const loading = status !== 'ready';
  return (
    <Flex direction="column" gap="size-100">
      <Flex alignItems="end" gap="size-200" wrap>
        <Picker
          label="Dataset"
          width="size-5000"
          placeholder={loading ? 'Loading datasets…' : 'Choose a dataset'}
          isDisabled={loading || items.length === 0}
          selectedKey={current}
          onSelectionChange={(key) => choose(String(key))}
          items={items}
        >
          {(item) => (
            <Item key={item.id} textValue={item.name}>
              <Text>{item.name}</Text>
              <Text slot="description">{item.detail}</Text>
            </Item>
          )}
        </Picker>
        {loading ? <ProgressCircle size="S" isIndeterminate aria-label="Loading datasets" /> : null}
        {active?.production ? <ProductionBadge /> : null}
      </Flex>
      <Text UNSAFE_className="prepare-muted upload-hint">
        {active ? `Datasets of ${active.connection.name}.` : 'Datasets of the active connection.'}{' '}
        {!loading && items.length === 0 ? 'It has none yet: create one on the Targets screen.' : ''}
      </Text>
    </Flex>
  );
}
