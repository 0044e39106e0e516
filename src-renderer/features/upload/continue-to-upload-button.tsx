import { Button, Text } from '@adobe/react-spectrum';
import UploadToCloud from '@spectrum-icons/workflow/UploadToCloud';
import { useAppStore } from '../../state/store-context';
import { uploadsSelectors } from '../../state/uploads-slice';

/** "Upload…" after a completed prepare: the next step, where the summary ends. */
export function ContinueToUploadButton() {
  const offered = useAppStore(uploadsSelectors.canUploadPrepared);
  const hasDraft = useAppStore((s) => uploadsSelectors.draftForFile(s)?.kind === 'prepared');
  const begin = useAppStore((s) => s.beginUpload);
  const goToStep = useAppStore((s) => s.goToStep);
  if (!offered) return null;
  return (
    <Button variant="accent" onPress={() => void (hasDraft ? goToStep('upload') : begin('prepared'))}>
      <UploadToCloud />
      <Text>Upload…</Text>
    </Button>
  );
}
