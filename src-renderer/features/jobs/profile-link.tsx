import { ScreenLink } from '../../components/screen-link';
import { useActiveConnectionId } from '../../queries/use-server-state';
import { useAppStore } from '../../state/store-context';

/**
 * A found identity as a link to its profile on the Profiles screen.
 * Why only on the connection the upload went to: Profiles looks up on the active connection, and
 * the same identity in another sandbox is another customer (or none).
 */
export function ProfileLink({ namespace, id, connectionId }: { namespace: string; id: string; connectionId: string | null }) {
  const activeId = useActiveConnectionId();
  const lookup = useAppStore((s) => s.lookupProfile);
  if (connectionId !== null && connectionId !== activeId) return <span className="confirm-identity">{id}</span>;
  return (
    <ScreenLink to="profiles" className="confirm-identity" label={`Open the profile of ${namespace} ${id}`} onFollow={() => void lookup(namespace, id)}>
      {id}
    </ScreenLink>
  );
}

/** "All batches of this dataset": the Batches screen, on the dataset an upload went to. */
export function DatasetBatchesLink({ datasetId, connectionId }: { datasetId: string; connectionId: string | null }) {
  const activeId = useActiveConnectionId();
  const show = useAppStore((s) => s.showBatches);
  if (connectionId !== null && connectionId !== activeId) return null;
  return (
    <ScreenLink to="batches" onFollow={() => void show(datasetId)}>
      All batches of this dataset
    </ScreenLink>
  );
}
