/**
 * Short names of preflight's checks, to scan the list by (main's message says the rest).
 * Why here and not in main: they are labels of this screen; the CLI prints main's messages alone.
 */
const checkLabels: Record<string, string> = {
  dataset: 'Dataset',
  schema: 'Schema of the mapping',
  'schema-found': 'Schema in the registry',
  'schema-fields': "Fields in the dataset's schema",
  'schema-class': 'Schema class',
  'schema-union': 'Schema enabled for Profile',
  'dataset-profile': 'Dataset enabled for Profile',
  'dataset-identity': 'Dataset enabled for Identity',
  'primary-identity': 'Primary identity',
  namespaces: 'Identity namespaces',
  'sent-before': 'Sent before',
};

/** A short name for a check, to scan the list by. */
export function checkLabel(id: string): string {
  if (checkLabels[id]) return checkLabels[id];
  if (id.startsWith('namespace-')) return `Namespace ${id.slice('namespace-'.length)}`;
  return id;
}
