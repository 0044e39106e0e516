import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, Switch, Text } from '@adobe/react-spectrum';
import UploadToCloud from '@spectrum-icons/workflow/UploadToCloud';
import type { ReactNode } from 'react';
import { useNavigate } from '../../app/navigation';
import { ScreenLink } from '../../components/screen-link';
import { useConnections, useTargets } from '../../queries/use-server-state';
import { outputFormatLabel } from '../../state/jobs-slice';
import { useAppStore } from '../../state/store-context';
import { uploadsSelectors, type UploadDraft } from '../../state/uploads-slice';
import { formatCount } from '../prepare/format';
import { DatasetChoice } from './dataset-choice';
import { PreflightReport } from './preflight-report';
import { StreamOption } from './stream-option';
import { StreamResults } from './stream-results';
import '../jobs/jobs.css';
import './upload.css';
import { TermHelp } from '../help/term-help';
import { usePreflight } from './use-preflight';

function Part({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  const id = `upload-part-${number}`;
  return (
    <section className="upload-part" aria-labelledby={id}>
      <h3 className="upload-part__title" id={id}>
        <span className="prepare-steps__number">{number}</span>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** What is about to be sent: the prepared parts or the file as it is. */
function SourceLine({ draft }: { draft: UploadDraft }) {
  const format = useAppStore((s) => s.jobs.prepare?.summary?.format);
  const records = draft.records !== null ? `${formatCount(draft.records)} records` : 'its records';
  return (
    <Text UNSAFE_className="prepare-muted">
      {draft.kind === 'prepared'
        ? `${records}, prepared as ${format ? outputFormatLabel(format) : 'XDM'} parts.`
        : `As it is: the file already holds XDM records (${records}); nothing is mapped or converted.`}
    </Text>
  );
}

function ProfileChoice({ draft }: { draft: UploadDraft }) {
  const setProfile = useAppStore((s) => s.setUploadProfile);
  return (
    <Flex direction="column" gap="size-50">
      <Flex alignItems="center" gap="size-50">
        <Switch isSelected={draft.profile} onChange={setProfile}>
          Send to Real-Time Customer Profile
        </Switch>
        <TermHelp term="union-schema" />
      </Flex>
      <Text UNSAFE_className="prepare-muted upload-hint">
        {draft.profile
          ? 'Preflight also checks that the schema and dataset are enabled for Profile, that each record carries a primary identity and that its namespaces exist.'
          : 'The records land in the dataset (the data lake) only; no profile is created or updated.'}
      </Text>
    </Flex>
  );
}

function PreflightPart({ draft }: { draft: UploadDraft }) {
  const run = useAppStore((s) => s.runPreflight);
  const { active, activeId } = useConnections();
  const { datasets } = useTargets(draft.connectionId ?? activeId);
  const { status, report, error } = usePreflight(draft);
  const dataset = datasets.find((d) => d.id === draft.datasetId);
  const target = `${dataset?.name ?? draft.datasetId ?? 'the dataset'}${active ? ` (${active.connection.name})` : ''}`;
  return (
    <Flex direction="column" gap="size-150" alignItems="start">
      <Flex alignItems="center" gap="size-150">
        <Button variant="primary" onPress={() => void run()} isDisabled={!draft.datasetId || status === 'loading' || draft.fix.status === 'applying'}>
          {report ? 'Run preflight again' : 'Run preflight'}
        </Button>
        {status === 'loading' || draft.fix.status === 'applying' ? (
          <Flex alignItems="center" gap="size-100">
            <ProgressCircle size="S" isIndeterminate aria-label="Checking" />
            <Text>{draft.fix.status === 'applying' ? 'Applying the fix…' : 'Checking the dataset, schema and records…'}</Text>
          </Flex>
        ) : null}
      </Flex>
      {!draft.datasetId ? <Text UNSAFE_className="prepare-muted upload-hint">Choose a dataset first.</Text> : null}
      {status === 'error' && error ? (
        <InlineAlert variant="negative">
          <Heading>Preflight could not run</Heading>
          <Content>{error.message}</Content>
        </InlineAlert>
      ) : null}
      {report ? <PreflightReport report={report} target={target} /> : null}
    </Flex>
  );
}

function UploadPart({ draft }: { draft: UploadDraft }) {
  const start = useAppStore((s) => s.startUpload);
  const navigate = useNavigate();
  const { status, report } = usePreflight(draft);
  const ready = status === 'ready' && report?.ok === true && draft.fix.status !== 'applying';
  const why = !draft.datasetId
    ? 'Choose a dataset and run preflight first.'
    : status !== 'ready'
      ? 'Run preflight first.'
      : report?.ok
        ? null
        : 'Fix the failed checks, then run preflight again.';
  return (
    <Flex direction="column" gap="size-100" alignItems="start">
      <Button
        variant="accent"
        isDisabled={!ready}
        onPress={() => {
          void start();
          navigate('jobs');
        }}
      >
        <UploadToCloud />
        <Text>Upload</Text>
      </Button>
      <Text UNSAFE_className="prepare-muted upload-hint">
        {why ?? 'Creates a batch in the dataset, uploads the records and follows the batch until AEP has processed it, on the Jobs screen.'}
      </Text>
      {draft.startedKey ? (
        <p className="upload-started" role="status">
          Started: follow it on the <ScreenLink to="jobs">Jobs screen</ScreenLink>. Uploading them to this dataset again reports that upload instead of loading
          the records twice.
        </p>
      ) : null}
    </Flex>
  );
}

/**
 * Upload, the Prepare screen's last step: where to load, preflight, then the upload itself.
 * Why preflight gates the button: a batch into the wrong dataset, or a Profile-blind one,
 * succeeds at Adobe and fails the steward silently; each failing check says how to fix it first.
 */
export function UploadStep() {
  const draft = useAppStore(uploadsSelectors.draftForFile);
  const fileName = useAppStore((s) => s.prepare.file?.name ?? '');
  if (!draft)
    return (
      <InlineAlert variant="info">
        <Heading>Nothing to upload yet</Heading>
        <Content>Prepare {fileName} first: the upload sends the prepared XDM parts.</Content>
      </InlineAlert>
    );
  return (
    <Flex direction="column" gap="size-300">
      <div className="mapping-toolbar">
        <Heading level={2} margin={0} UNSAFE_className="prepare-file-name">
          Upload {draft.fileName}
        </Heading>
        <SourceLine draft={draft} />
      </div>
      <Part number={1} title="Where to">
        <DatasetChoice draft={draft} />
        <ProfileChoice draft={draft} />
      </Part>
      <Part number={2} title="Preflight">
        <PreflightPart draft={draft} />
      </Part>
      <Part number={3} title="Upload">
        <div className="send-options">
          <section className="send-option" aria-labelledby="send-option-batch">
            <h4 className="send-option__title" id="send-option-batch">
              In a batch
            </h4>
            <UploadPart draft={draft} />
          </section>
          <StreamOption />
        </div>
        <StreamResults />
      </Part>
    </Flex>
  );
}
