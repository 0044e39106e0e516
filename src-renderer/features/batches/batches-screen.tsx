import { ActionButton, Button, Content, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import Refresh from '@spectrum-icons/workflow/Refresh';
import { useEffect } from 'react';
import { OfActiveConnection, ScreenHeader } from '../../components/screen-header';
import { useNavigate } from '../../app/navigation';
import { batchesSelectors } from '../../state/batches-slice';
import { connectionsSelectors } from '../../state/connections-slice';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { targetsSelectors } from '../../state/targets-slice';
import { ProductionBadge } from '../connections/production-badge';
import '../targets/targets.css';
import { BatchDetail } from './batch-detail';
import { BatchTable } from './batch-table';
import './batches.css';
import { DatasetPicker } from './dataset-picker';
import { useDatasetsOfActiveConnection } from '../../components/use-datasets';

/** The batches of the chosen dataset, or why there are none to show. */
function BatchList() {
  const store = useAppStoreApi();
  const datasetId = useAppStore(batchesSelectors.datasetId);
  const status = useAppStore(batchesSelectors.status);
  const list = useAppStore(batchesSelectors.list);
  const error = useAppStore(batchesSelectors.error);
  const navigate = useNavigate();
  if (datasetId === null) return <p className="target-empty">Choose a dataset to see its recent batches.</p>;
  if (status === 'error' && error)
    return (
      <InlineAlert variant="negative">
        <Heading>The batches could not be listed ({error.code})</Heading>
        <Content>
          <p className="confirm-text">{error.message}</p>
          <Button variant="secondary" onPress={() => navigate('connections')}>
            Check the connection
          </Button>
        </Content>
      </InlineAlert>
    );
  if (status === 'loading' && list.length === 0)
    return (
      <Flex alignItems="center" gap="size-100">
        <ProgressCircle size="S" isIndeterminate aria-label="Listing batches" />
        <Text>Asking Catalog for the dataset’s batches…</Text>
      </Flex>
    );
  if (list.length === 0) return <p className="target-empty">No batch has been sent to this dataset yet.</p>;
  return <BatchTable batches={list} onOpen={(batchId) => void store.getState().openBatch(batchId)} />;
}

/**
 * Track, step 5 of the journey: the recent batches of a dataset, and one batch in detail.
 * Why per dataset: Catalog lists batches by dataset, and a steward thinks of "the loads into my
 * customers dataset"; the Jobs screen opens this one on the dataset it loaded (`showBatches`).
 */
export function BatchesScreen() {
  const store = useAppStoreApi();
  const active = useAppStore(connectionsSelectors.active);
  const activeId = useAppStore(connectionsSelectors.activeId);
  const datasetId = useAppStore(batchesSelectors.datasetId);
  const listedFor = useAppStore(batchesSelectors.connectionId);
  const status = useAppStore(batchesSelectors.status);
  const detailOpen = useAppStore((s) => s.batches.detail !== null);
  const datasetName = useAppStore((s) => s.targets.datasets.find((d) => d.id === datasetId)?.name);
  const datasetsFor = useAppStore(targetsSelectors.connectionId);

  // The picker's list, and the dataset's name in a batch's detail.
  useDatasetsOfActiveConnection();

  // Batches of one connection's dataset mean nothing on another.
  useEffect(() => {
    if (activeId !== null && listedFor !== null && listedFor !== activeId) store.getState().clearBatches();
  }, [store, activeId, listedFor]);

  return (
    <Flex direction="column" gap="size-250" minHeight={0}>
      <Flex alignItems="end" justifyContent="space-between" gap="size-200" wrap>
        <ScreenHeader title="Batches" subtitle={<OfActiveConnection what="Recent batches of a dataset" />} />
        {active?.production ? <ProductionBadge /> : null}
      </Flex>

      {detailOpen ? (
        <BatchDetail datasetName={datasetsFor === activeId ? datasetName : undefined} />
      ) : (
        <>
          <Flex alignItems="end" gap="size-200" wrap>
            <DatasetPicker datasetId={datasetId} onChange={(id) => void store.getState().showBatches(id)} />
            <ActionButton onPress={() => void store.getState().loadBatches()} isDisabled={datasetId === null || status === 'loading'}>
              <Refresh />
              <Text>Refresh</Text>
            </ActionButton>
          </Flex>
          <BatchList />
        </>
      )}
    </Flex>
  );
}
