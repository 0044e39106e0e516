import { AlertDialog } from '@adobe/react-spectrum';
import type { ConnectionView } from '../../../src-shared/platform/connection';
import { useAppStoreApi } from '../../state/store-context';

/**
 * Confirms removing a connection and its keychain entry.
 * Why a confirmation: the secret is gone with it, and getting it back means a trip to Adobe
 * Developer Console (where it may have to be rotated).
 */
export function DeleteConnectionDialog({ view }: { view: ConnectionView }) {
  const store = useAppStoreApi();
  return (
    <AlertDialog
      variant="destructive"
      title={`Delete “${view.connection.name}”?`}
      primaryActionLabel="Delete"
      cancelLabel="Cancel"
      onPrimaryAction={() => void store.getState().removeConnection(view.connection.id)}
    >
      The connection and its client secret in the keychain are removed from this computer. Nothing changes in Adobe Experience Platform.
    </AlertDialog>
  );
}
