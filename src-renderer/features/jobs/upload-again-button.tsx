import { AlertDialog, Button, DialogTrigger } from '@adobe/react-spectrum';
import { formatCount } from '../prepare/format';
import { useAppStore } from '../../state/store-context';
import type { UploadJobView } from '../../state/uploads-slice';

/**
 * Sends a finished upload again as a new batch: the screen's `xdm-loader upload --again`.
 * Why it asks, and in those words: the app otherwise reports an upload that already succeeded
 * instead of sending it twice; forcing it makes AEP hold every record a second time (the dataset
 * counts both, Profile merges them only where an identity matches), which cannot be undone from
 * here except by reverting a batch.
 */
export function UploadAgainButton({ job }: { job: UploadJobView }) {
  const uploadAgain = useAppStore((s) => s.uploadAgain);
  if (job.status !== 'finished' || !job.source || !job.result) return null;
  const records = job.result.recordsWritten;
  return (
    <DialogTrigger>
      <Button variant="secondary">Upload again as a new batch</Button>
      <AlertDialog
        variant="warning"
        title={`Upload ${job.label} again?`}
        primaryActionLabel="Upload again"
        cancelLabel="Keep one copy"
        onPrimaryAction={() => void uploadAgain(job.key)}
      >
        <p className="confirm-text">
          A new batch is sent with the same records. {records > 0 ? `The ${formatCount(records)} records already loaded` : 'Records already loaded'} will then
          be in the dataset twice: AEP does not remove duplicates, and Profile merges them only where an identity matches.
        </p>
        <p className="confirm-text confirm-text--strong">Do this only when the earlier batch was reverted or its records are meant to be sent again.</p>
      </AlertDialog>
    </DialogTrigger>
  );
}
