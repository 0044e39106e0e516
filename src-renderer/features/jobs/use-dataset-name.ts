import { useAppStore } from '../../state/store-context';

/**
 * A dataset's name when the listed datasets hold it, else its id.
 * Why only from the list on screen: a name of another connection's dataset must not be shown
 * for an id that happens to match.
 */
export function useDatasetName(datasetId: string, connectionId: string | null): string {
  return useAppStore((s) =>
    connectionId === null || s.targets.connectionId === connectionId ? (s.targets.datasets.find((d) => d.id === datasetId)?.name ?? datasetId) : datasetId,
  );
}
