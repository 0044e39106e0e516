import { useActiveConnectionId, useTargets } from '../../queries/use-server-state';

/**
 * A dataset's name when its connection's datasets hold it, else its id.
 * Why from the connection the upload went to: a name of another connection's dataset must not
 * be shown for an id that happens to match.
 */
export function useDatasetName(datasetId: string, connectionId: string | null): string {
  const activeId = useActiveConnectionId();
  const { datasets } = useTargets(connectionId ?? activeId);
  return datasets.find((d) => d.id === datasetId)?.name ?? datasetId;
}
