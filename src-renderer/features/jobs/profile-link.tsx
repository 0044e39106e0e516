import { useNavigate } from '../../app/navigation';
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
  const navigate = useNavigate();
  if (connectionId !== null && connectionId !== activeId) return <span className="confirm-identity">{id}</span>;
  return (
    <button
      type="button"
      className="link-button confirm-identity"
      aria-label={`Open the profile of ${namespace} ${id}`}
      onClick={() => {
        void lookup(namespace, id);
        navigate('profiles');
      }}
    >
      {id}
    </button>
  );
}

/** "All batches of this dataset": the Batches screen, on the dataset an upload went to. */
export function DatasetBatchesLink({ datasetId, connectionId }: { datasetId: string; connectionId: string | null }) {
  const activeId = useActiveConnectionId();
  const show = useAppStore((s) => s.showBatches);
  const navigate = useNavigate();
  if (connectionId !== null && connectionId !== activeId) return null;
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        void show(datasetId);
        navigate('batches');
      }}
    >
      All batches of this dataset
    </button>
  );
}
