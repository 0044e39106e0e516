import { Item, Picker, Text } from '@adobe/react-spectrum';
import { useActiveConnectionId, useTargets } from '../../queries/use-server-state';

/**
 * The dataset whose batches are listed, among the active connection's datasets.
 * Read here (`useTargets`), so a steward can open Batches first, before Targets has ever asked
 * the sandbox for its datasets.
 */
export function DatasetPicker({ datasetId, onChange }: { datasetId: string | null; onChange: (datasetId: string) => void }) {
  const activeId = useActiveConnectionId();
  const { status, datasets } = useTargets(activeId);

  const loading = status === 'loading' || (status === 'idle' && activeId !== null);
  return (
    <Picker
      label="Dataset"
      placeholder={loading ? 'Listing datasets…' : 'Choose a dataset'}
      items={datasets}
      selectedKey={datasetId}
      onSelectionChange={(key) => key !== null && onChange(String(key))}
      isDisabled={datasets.length === 0}
      width="size-4600"
      description={status === 'ready' && datasets.length === 0 ? 'This sandbox has no datasets yet: create one in Targets.' : undefined}
      errorMessage={status === 'error' ? 'The sandbox did not list its datasets.' : undefined}
      isInvalid={status === 'error'}
    >
      {(dataset) => (
        <Item key={dataset.id} textValue={dataset.name}>
          <Text>{dataset.name}</Text>
          <Text slot="description">{dataset.id}</Text>
        </Item>
      )}
    </Picker>
  );
}
