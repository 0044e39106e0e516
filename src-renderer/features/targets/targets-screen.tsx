import { ActionButton, Button, Content, DialogContainer, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import Refresh from '@spectrum-icons/workflow/Refresh';
import { type ReactNode, useMemo, useState } from 'react';
import { OfActiveConnection, ScreenHeader } from '../../components/screen-header';
import type { DatasetSummary, SchemaSummary } from '../../../src-shared/platform/targets';
import { useNavigate } from '../../app/navigation';
import { useConnections, useTargets } from '../../queries/use-server-state';
import { datasetRowsOf } from '../../state/targets-slice';
import { useAppStoreApi } from '../../state/store-context';
import { ProductionBadge } from '../connections/production-badge';
import { CreateDatasetDialog } from './create-dataset-dialog';
import { DatasetTable } from './dataset-table';
import { SchemaTable } from './schema-table';
import './targets.css';

/** The outcome of the last change, shown above the tables until the next one. */
interface Notice {
  variant: 'positive' | 'negative';
  title: string;
  message: string;
}

function Section({ title, count, children }: { title: string; count: number | null; children: ReactNode }) {
  const id = `targets-${title.toLowerCase()}-heading`;
  return (
    <section className="prepare-section" aria-labelledby={id}>
      <h2 className="target-section__title" id={id}>
        {title}
        {count !== null ? <span className="prepare-section__count">{count}</span> : null}
      </h2>
      {children}
    </section>
  );
}

/**
 * Choose a target, step 2 of the journey: the schemas and datasets of the active connection.
 * Why the connection is named on the screen again: enabling for Profile is permanent, so the
 * sandbox it happens in must be in view when the button is pressed.
 */
export function TargetsScreen() {
  const store = useAppStoreApi();
  const { active, activeId } = useConnections();
  const { status, error, schemas, datasets, refresh } = useTargets(activeId);
  const rows = useMemo(() => datasetRowsOf(datasets, schemas), [datasets, schemas]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creatingFrom, setCreatingFrom] = useState<string | null>(null);
  const navigate = useNavigate();

  // A notice belongs to the connection it was about: another active connection clears it
  // (adjusted while rendering, as React recommends, rather than in an effect).
  const [noticeFor, setNoticeFor] = useState(activeId);
  if (noticeFor !== activeId) {
    setNoticeFor(activeId);
    setNotice(null);
  }

  const enableSchema = async (schema: SchemaSummary) => {
    const result = await store.getState().enableSchemaForProfile(schema.id);
    setNotice(
      result.ok
        ? { variant: 'positive', title: 'Schema enabled for Profile', message: `“${schema.title}” now feeds the Profile union schema.` }
        : { variant: 'negative', title: `“${schema.title}” was not enabled`, message: result.error.message },
    );
  };
  const enableDataset = async (dataset: DatasetSummary) => {
    const result = await store.getState().enableDatasetForProfile(dataset.id);
    setNotice(
      result.ok
        ? {
            variant: 'positive',
            title: 'Dataset enabled for Profile',
            message: `Records loaded into “${dataset.name}” from now on are merged into customer profiles.`,
          }
        : { variant: 'negative', title: `“${dataset.name}” was not enabled`, message: result.error.message },
    );
  };
  const created = (dataset: DatasetSummary) =>
    setNotice({ variant: 'positive', title: 'Dataset created', message: `“${dataset.name}” is ready to receive records.` });

  const loading = status === 'loading' || (status === 'idle' && activeId !== null);

  return (
    <Flex direction="column" gap="size-250" minHeight={0}>
      <Flex alignItems="end" justifyContent="space-between" gap="size-200" wrap>
        <ScreenHeader title="Targets" subtitle={<OfActiveConnection what="Schemas and datasets" />} />
        <Flex alignItems="center" gap="size-150">
          {active?.production ? <ProductionBadge /> : null}
          <ActionButton onPress={refresh} isDisabled={loading || activeId === null}>
            <Refresh />
            <Text>Refresh</Text>
          </ActionButton>
        </Flex>
      </Flex>

      {notice ? (
        <InlineAlert variant={notice.variant} UNSAFE_className="target-notice">
          <Heading>{notice.title}</Heading>
          <Content>{notice.message}</Content>
        </InlineAlert>
      ) : null}

      {status === 'error' && error ? (
        <InlineAlert variant="negative">
          <Heading>The sandbox did not list its schemas and datasets</Heading>
          <Content>
            <p className="confirm-text">{error.message}</p>
            <Button variant="secondary" onPress={() => navigate('connections')}>
              Check the connection
            </Button>
          </Content>
        </InlineAlert>
      ) : null}

      {loading && schemas.length === 0 ? (
        <Flex alignItems="center" gap="size-100">
          <ProgressCircle size="S" isIndeterminate aria-label="Loading schemas and datasets" />
          <Text>Asking the sandbox for its schemas and datasets…</Text>
        </Flex>
      ) : null}

      {status === 'ready' || (status === 'loading' && schemas.length > 0) ? (
        <>
          <Section title="Schemas" count={schemas.length}>
            <SchemaTable schemas={schemas} onEnable={(schema) => void enableSchema(schema)} onCreateDataset={(schema) => setCreatingFrom(schema.id)} />
          </Section>
          <Section title="Datasets" count={rows.length}>
            <DatasetTable rows={rows} onEnable={(dataset) => void enableDataset(dataset)} />
          </Section>
        </>
      ) : null}

      <DialogContainer onDismiss={() => setCreatingFrom(null)}>
        {creatingFrom !== null ? <CreateDatasetDialog schemas={schemas} schemaId={creatingFrom} onCreated={created} /> : null}
      </DialogContainer>
    </Flex>
  );
}
