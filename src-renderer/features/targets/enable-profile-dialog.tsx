import { AlertDialog } from '@adobe/react-spectrum';

export type EnableTarget =
  | { kind: 'schema'; title: string; primary?: { path: string; namespace: string } }
  | { kind: 'dataset'; title: string; schemaEnabled: boolean };

/**
 * Confirms enabling a schema or a dataset for Profile, with its consequences stated first.
 * Why spelled out: neither step can be undone. A schema's `union` tag is immutable, and records a
 * Profile-enabled dataset has sent stay in customer profiles even if the dataset is disabled later.
 */
export function EnableProfileDialog({ target, onConfirm }: { target: EnableTarget; onConfirm: () => void }) {
  return (
    <AlertDialog
      variant="warning"
      title={`Enable “${target.title}” for Profile?`}
      primaryActionLabel="Enable for Profile"
      cancelLabel="Cancel"
      onPrimaryAction={onConfirm}
    >
      {target.kind === 'schema' ? (
        <>
          <p className="confirm-text">
            The schema gets the <code>union</code> tag: its fields join the Profile union schema of its class, and records of datasets made from it can be
            merged into customer profiles.
            {target.primary
              ? ` Profile keys them by its primary identity, ${target.primary.namespace} on ${target.primary.path}.`
              : ' It has no primary identity field: each record must mark one of the identities in its identityMap as primary.'}
          </p>
          <p className="confirm-text confirm-text--strong">
            This cannot be undone: a schema enabled for Profile can never be disabled, and its fields can then only be added, never removed.
          </p>
        </>
      ) : (
        <>
          <p className="confirm-text">
            The dataset is tagged for Profile and Identity: records loaded into it from now on are merged into customer profiles and stitch identity graphs.
            {target.schemaEnabled ? '' : ' Its schema is not enabled for Profile yet, so nothing reaches Profile until it is.'}
          </p>
          <p className="confirm-text confirm-text--strong">
            This cannot be undone: records that reach Profile stay in customer profiles even if the dataset is disabled later.
          </p>
        </>
      )}
    </AlertDialog>
  );
}
