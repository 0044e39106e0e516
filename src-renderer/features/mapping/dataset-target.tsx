import { Content, Heading, InlineAlert, Item, Picker, Text } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { datasetMismatch } from '../../state/mapping-slice';
import { useActiveTargets } from '../../queries/use-server-state';
import { useAppStore } from '../../state/store-context';

/**
 * The dataset the file will load into, beside the target schema.
 * Why here and not only on the Upload step: the mapping is made for one schema, and a dataset
 * of another one refuses the records; choosing the dataset first makes the mapping follow it.
 */
export function DatasetTarget() {
  const { datasets, schemas } = useActiveTargets();
  const datasetId = useAppStore((s) => s.mapping.dataset?.id ?? null);
  const choose = useAppStore((s) => s.chooseMappingDataset);
  const items = useMemo(
    () => datasets.map((d) => ({ id: d.id, name: d.name, schema: schemas.find((s) => s.id === d.schemaId)?.title ?? 'Unknown schema' })),
    [datasets, schemas],
  );
  if (items.length === 0) return null;
  return (
    <Picker
      label="Load into"
      labelPosition="side"
      placeholder="Choose a dataset"
      selectedKey={datasetId}
      onSelectionChange={(key) => {
        const dataset = datasets.find((d) => d.id === key);
        if (dataset) void choose(dataset);
      }}
      items={items}
      width="size-4600"
      menuWidth="size-4600"
    >
      {(item) => (
        <Item key={item.id} textValue={item.name}>
          <Text>{item.name}</Text>
          <Text slot="description">Schema {item.schema}</Text>
        </Item>
      )}
    </Picker>
  );
}

/** Says, on the Map step, that the chosen dataset's schema is not the target, and what it lacks. */
export function DatasetMismatch() {
  const mapping = useAppStore((s) => s.mapping);
  const mismatch = useMemo(() => datasetMismatch(mapping), [mapping]);
  const title = mapping.tree?.title;
  if (!mismatch) return null;
  const { dataset, missing } = mismatch;
  return (
    <InlineAlert variant={missing.length > 0 ? 'negative' : 'notice'} UNSAFE_className="dataset-mismatch">
      <Heading>
        Dataset “{dataset.name}” does not use the target schema{title ? ` “${title}”` : ''}
      </Heading>
      <Content>
        {missing.length > 0
          ? `Its schema lacks ${missing.length === 1 ? 'a field' : 'fields'} this mapping writes: ${missing.join(', ')}. AEP would refuse these records. Choose the dataset's schema as the target, or another dataset.`
          : "Every field this mapping writes is in its schema, but the schemas differ: choose the dataset's schema as the target to map against what the dataset checks."}
      </Content>
    </InlineAlert>
  );
}
