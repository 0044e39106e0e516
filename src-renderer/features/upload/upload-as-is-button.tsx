import { Button, Text } from '@adobe/react-spectrum';
import UploadToCloud from '@spectrum-icons/workflow/UploadToCloud';
import { useAppStore } from '../../state/store-context';
import { uploadsSelectors } from '../../state/uploads-slice';

/**
 * "Upload as is" for a file that already holds XDM records (JSON Lines, Parquet).
 * Why offered beside "Map to XDM": files exported from AEP or written by another tool need no
 * mapping, and preflight still checks them against the dataset before anything is sent.
 */
export function UploadAsIsButton() {
  const offered = useAppStore(uploadsSelectors.canUploadAsIs);
  const begin = useAppStore((s) => s.beginUpload);
  if (!offered) return null;
  return (
    <Button variant="secondary" onPress={() => void begin('as-is')}>
      <UploadToCloud />
      <Text>Upload as is</Text>
    </Button>
  );
}
