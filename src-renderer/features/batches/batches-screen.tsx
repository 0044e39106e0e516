import { ActionButton, Button, Content, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import Refresh from '@spectrum-icons/workflow/Refresh';
import { useState } from 'react';
import type { BatchPage } from '../../queries/keys';
import { OfActiveConnection, ScreenHeader } from '../../components/screen-header';
import { useNavigate } from '../../app/navigation';
import { useConnections, useTargets } from '../../queries/use-server-state';
import { useAppStoreApi } from '../../state/store-context';
import { ProductionBadge } from '../connections/production-badge';
import '../targets/targets.css';
import { BatchDetail } from './batch-detail';
import { BatchTable } from './batch-table';
import './batches.css';
import { BatchFilterBar } from './batch-filter';
import { DatasetPicker } from './dataset-picker';
import { useBatchChoice, useBatchList } from './use-batches';

/** The newest batches, unfiltered: what the screen opens on. */
const firstPage: BatchPage = { filter: {}, start: 0 };

/** The batches of the chosen dataset, or why there are none to show. */
function BatchList({ page }: { page: BatchPage }) {
  const store = useAppStoreApi();
  const { datasetId, status, list, error } = useBatchList(page);
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
  const filtered = page.start > 0 || Object.keys(page.filter).length > 0;
  if (list.length === 0)
    return <p className="target-empty">{filtered ? 'No batch of this dataset matches the filter.' : 'No batch has been sent to this dataset yet.'}</p>;
  return <BatchTable batches={list} onOpen={(batchId) => store.getState().openBatch(batchId)} />;
}

/**
 * Track, step 5 of the journey: the recent batches of a dataset, and one batch in detail.
 * Why per dataset: Catalog lists batches by dataset, and a steward thinks of "the loads into my
 * customers dataset"; the Jobs screen opens this one on the dataset it loaded (`showBatches`).
 */
export function BatchesScreen() {
  const store = useAppStoreApi();
  const { active, activeId } = useConnections();
  // Choices made on another connection show as nothing chosen: its datasets mean nothing here.
  const { datasetId, openBatchId } = useBatchChoice();
  const [page, setPage] = useState<BatchPage>(firstPage);
  const { status, refresh, list } = useBatchList(page);
  const { datasets } = useTargets(activeId);
  const datasetName = datasets.find((d) => d.id === datasetId)?.name;

  return (
    <Flex direction="column" gap="size-250" minHeight={0}>
      <Flex alignItems="end" justifyContent="space-between" gap="size-200" wrap>
        <ScreenHeader title="Batches" subtitle={<OfActiveConnection what="Recent batches of a dataset" />} />
        {active?.production ? <ProductionBadge /> : null}
      </Flex>

      {openBatchId !== null ? (
        <BatchDetail datasetName={datasetName} />
      ) : (
        <>
          <Flex alignItems="end" gap="size-200" wrap>
            <DatasetPicker
              datasetId={datasetId}
              onChange={(id) => {
                setPage(firstPage);
                store.getState().showBatches(id);
              }}
            />
            <ActionButton onPress={refresh} isDisabled={datasetId === null || status === 'loading'}>
              <Refresh />
              <Text>Refresh</Text>
            </ActionButton>
          </Flex>
          {datasetId !== null ? <BatchFilterBar page={page} onChange={setPage} shown={list.length} /> : null}
          <BatchList page={page} />
        </>
      )}
    </Flex>
  );
}
