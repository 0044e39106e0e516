import { AlertDialog, Button, DialogTrigger, Flex, Text } from '@adobe/react-spectrum';
import Pause from '@spectrum-icons/workflow/Pause';
import Play from '@spectrum-icons/workflow/Play';
import { useId } from 'react';
import { stillSending } from '../../../src-shared/ipc/requests/jobs';
import { useAppStore } from '../../state/store-context';
import type { UploadJobView } from '../../state/uploads-slice';

/**
 * Pause, resume and cancel of one upload.
 * Why pause only while bytes remain to send: once they are all at AEP the batch is completed and
 * processed there, and pausing would only stop the app from watching it.
 * Why cancel asks: it aborts the batch at AEP; the records it received are dropped and the
 * upload cannot be resumed, unlike a pause.
 */
export function JobControls({ job }: { job: UploadJobView }) {
  const pause = useAppStore((s) => s.pauseUpload);
  const resume = useAppStore((s) => s.resumeUpload);
  const cancel = useAppStore((s) => s.cancelUpload);
  const sending = job.progress === null || job.progress === undefined || stillSending(job.progress);
  const known = job.jobId !== null;
  const allSentNote = useId();
  const allSent = job.status === 'running' && !sending;
  if (job.status !== 'running' && job.status !== 'paused' && job.status !== 'cancelling' && job.status !== 'starting') return null;
  return (
    <Flex gap="size-100" alignItems="center">
      {job.status === 'paused' ? (
        <Button variant="primary" onPress={() => void resume(job.key)} isDisabled={!known}>
          <Play />
          <Text>Resume</Text>
        </Button>
      ) : (
        <Button
          variant="secondary"
          onPress={() => void pause(job.key)}
          isDisabled={!known || job.status !== 'running' || !sending}
          {...(allSent ? { 'aria-describedby': allSentNote } : {})}
        >
          <Pause />
          <Text>Pause</Text>
        </Button>
      )}
      {allSent ? (
        <Text id={allSentNote} UNSAFE_className="prepare-muted">
          Every record is at AEP: nothing is left to pause.
        </Text>
      ) : null}
      <DialogTrigger>
        <Button variant="negative" isDisabled={!known || job.status === 'cancelling'}>
          {job.status === 'cancelling' ? 'Cancelling…' : 'Cancel'}
        </Button>
        <AlertDialog
          variant="destructive"
          title={`Cancel the upload of ${job.label}?`}
          primaryActionLabel="Cancel upload"
          cancelLabel="Keep uploading"
          onPrimaryAction={() => void cancel(job.key)}
        >
          <p className="confirm-text">The batch is aborted at AEP: the records it has received are dropped and none of them is loaded into the dataset.</p>
          <p className="confirm-text confirm-text--strong">
            A cancelled upload cannot be resumed; to load the file later, upload it again. Pause instead to stop for a while.
          </p>
        </AlertDialog>
      </DialogTrigger>
    </Flex>
  );
}
