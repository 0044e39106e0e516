import { Content, Heading, InlineAlert, StatusLight } from '@adobe/react-spectrum';
import { FailureDetails } from '../../components/failure-details';
import type { UploadJobView } from '../../state/uploads-slice';
import { ConfirmationReport } from './confirmation-report';
import { JobControls } from './job-controls';
import { DatasetBatchesLink, ProfileLink } from './profile-link';
import { UploadAgainButton } from './upload-again-button';
import { UploadOutcome } from './upload-outcome';
import { UploadProgress } from './upload-progress';
import { describeUpload } from './upload-format';
import { useDatasetName } from './use-dataset-name';

/**
 * Why an upload stopped, in words: a cancel is the steward's own doing, not an error.
 * Why main's words for a cancel: only main knows whether the batch was aborted (a cancel) or
 * kept to resume (the app closing).
 */
function Stopped({ job }: { job: UploadJobView }) {
  if (!job.error) return null;
  if (job.error.code === 'CANCELLED') return <p className="upload-note">{job.error.message}</p>;
  return (
    <InlineAlert variant="negative">
      <Heading>{job.status === 'failed' && job.progress === null ? 'The upload did not start' : 'The upload stopped'}</Heading>
      <Content>
        {job.error.message}
        <FailureDetails detail={job.errorDetail} jobId={job.jobId} />
      </Content>
    </InlineAlert>
  );
}

/**
 * One upload of this window: where it goes, how far it is, then what AEP made of it and whether
 * its records reached Profile.
 */
export function UploadJobCard({ job }: { job: UploadJobView }) {
  const datasetName = useDatasetName(job.datasetId, job.connectionId);
  const words = describeUpload(job);
  const showProgress = job.status !== 'finished' && job.status !== 'failed' && job.progress !== null;
  const succeeded = job.result?.status === 'success';
  return (
    <article className="upload-card" aria-label={`Upload of ${job.label}`}>
      <header className="upload-card__head">
        <div className="upload-card__title">
          <h3 className="upload-card__name">{job.label}</h3>
          <span className="prepare-muted">to {datasetName}</span>
        </div>
        <StatusLight variant={words.tone} role="status" aria-label={`Status: ${words.label}`}>
          {words.label}
        </StatusLight>
        {job.result ? <DatasetBatchesLink datasetId={job.datasetId} connectionId={job.connectionId} /> : null}
        <span className="mapping-toolbar__spacer" />
        <JobControls job={job} />
        <UploadAgainButton job={job} />
      </header>
      {job.note ? <p className="upload-note">{job.note}</p> : null}
      {job.status === 'starting' ? <p className="prepare-muted">Asking the app to start the upload…</p> : null}
      {showProgress && job.progress ? <UploadProgress progress={job.progress} paused={job.status === 'paused'} /> : null}
      {job.actionError ? (
        <InlineAlert variant="notice">
          <Heading>That did not work</Heading>
          <Content>{job.actionError.message}</Content>
        </InlineAlert>
      ) : null}
      <Stopped job={job} />
      {job.result ? <UploadOutcome result={job.result} /> : null}
      {succeeded || job.confirmation.report ? (
        <ConfirmationReport
          job={job}
          renderFound={(identity) => <ProfileLink namespace={identity.namespace} id={identity.id} connectionId={job.connectionId} />}
        />
      ) : null}
    </article>
  );
}
