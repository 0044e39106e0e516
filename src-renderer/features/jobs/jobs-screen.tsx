import { Button, Flex } from '@adobe/react-spectrum';
import { ScreenHeader } from '../../components/screen-header';
import { useNavigate } from '../../app/navigation';
import { useAppStore } from '../../state/store-context';
import { uploadsSelectors } from '../../state/uploads-slice';
import { UploadHistory } from './upload-history';
import { UploadJobCard } from './upload-job-card';
import './jobs.css';

function NoUploadYet() {
  const navigate = useNavigate();
  return (
    <div className="jobs-empty">
      <p>No upload in this window yet. Prepare a file, then choose Upload on the Prepare screen.</p>
      <Button variant="secondary" onPress={() => navigate('prepare')}>
        Go to Prepare
      </Button>
    </div>
  );
}

/**
 * Track, step 5 of the journey: each upload of this window with its progress and outcome, and
 * the uploads this machine ran before.
 * Why the history is read again on every visit: the CLI and earlier windows add to it, and an
 * interrupted upload is only worth showing with its current state.
 */
export function JobsScreen() {
  const jobs = useAppStore(uploadsSelectors.jobs);
  return (
    <Flex direction="column" gap="size-300" minHeight={0}>
      <ScreenHeader title="Jobs" subtitle="Uploads to AEP: their progress, what AEP made of them, and whether the records reached Profile." />
      <section className="upload-section" aria-labelledby="jobs-session-heading">
        <h2 className="upload-section__title" id="jobs-session-heading">
          Uploads in this window
          {jobs.length > 0 ? <span className="prepare-section__count">{jobs.length}</span> : null}
        </h2>
        {jobs.length === 0 ? <NoUploadYet /> : jobs.map((job) => <UploadJobCard key={job.key} job={job} />)}
      </section>
      <section className="upload-section" aria-labelledby="jobs-history-heading">
        <UploadHistory />
      </section>
    </Flex>
  );
}
