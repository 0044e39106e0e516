import { Button, ButtonGroup, Content, Dialog, Divider, Flex, Heading, InlineAlert, ProgressBar, Text } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { FailureDetails } from '../../components/failure-details';
import { useConnections } from '../../queries/use-server-state';
import { renameProposal } from '../../../src-shared/platform/target-names';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { formatBytes } from '../prepare/format';
import { CreationSteps } from './creation-steps';
import { IdentityChoice } from './identity-choice';
import { ProposalFields } from './proposal-fields';
import { ProposalForm } from './proposal-form';
import './target-from-file.css';

function ReadingProgress() {
  const progress = useAppStore((s) => s.targetFromFile.progress);
  const known = progress !== null && progress.bytesTotal > 0 && progress.bytesRead > 0;
  return (
    <Flex direction="column" gap="size-100">
      <ProgressBar
        label="Reading the whole file for the column types"
        {...(known ? { value: Math.min(100, (100 * progress.bytesRead) / progress.bytesTotal) } : { isIndeterminate: true })}
        valueLabel={
          progress
            ? `${progress.rowsRead.toLocaleString()} rows${known ? ` · ${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)}` : ''}`
            : 'Starting…'
        }
        width="100%"
      />
      <Text>Every value counts: a schema field is permanent, so its type must hold for every row, not only the first ones.</Text>
    </Flex>
  );
}

/**
 * "Create a target from this file": a new Profile-ready schema and dataset shown before anything
 * is created, then created in one confirmed step, in AEP's order. Why a dialog over the Map step:
 * the steward comes back to the mapping, which then targets the new schema.
 */
export function TargetFromFileDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStoreApi();
  const { status, proposal, names, plan, report, error, errorDetail, connectionId, jobId } = useAppStore(useShallow((s) => s.targetFromFile));
  const fileName = useAppStore((s) => s.prepare.file?.name ?? 'this file');
  const fileColumns = useAppStore(useShallow((s) => s.prepare.inspection?.columns.map((c) => c.name) ?? []));
  const { views } = useConnections();
  const connectionName = views.find((v) => v.connection.id === connectionId)?.connection.name ?? connectionId ?? 'the active connection';

  // What will be created, under the names as typed (the custom field group follows the schema's name).
  const shown = useMemo(() => (proposal ? renameProposal(proposal, names) : null), [proposal, names]);

  const close = () => {
    store.getState().closeTargetFromFile();
    onClose();
  };
  const failedRun = report !== null && !report.complete;
  const namesValid = names.schemaTitle.trim() !== '' && names.datasetName.trim() !== '';
  const busy = status === 'creating';

  return (
    <Dialog size="L" isDismissable={false} aria-label="Create a target from this file" UNSAFE_className="target-from-file-dialog">
      <Heading>Create a target from {fileName}</Heading>
      <Divider />
      <Content>
        <Flex direction="column" gap="size-250">
          <Text>
            A schema enabled for Profile, its primary identity and a dataset enabled for Profile and Identity, in <strong>{connectionName}</strong>. Nothing is
            created until you press Create.
          </Text>
          {status === 'reading' ? <ReadingProgress /> : null}
          {error ? (
            <InlineAlert variant="negative">
              <Heading>{status === 'failed' ? 'No target could be proposed' : 'The target was not created'}</Heading>
              <Content>
                <p className="confirm-text">{error.message}</p>
                <FailureDetails detail={errorDetail} jobId={jobId} />
              </Content>
            </InlineAlert>
          ) : null}
          {status === 'failed' ? (
            <IdentityChoice
              columns={fileColumns}
              current={null}
              isDisabled={false}
              actionLabel="Read again with this identity"
              onApply={(identity) => void store.getState().proposeTarget({ identity })}
            />
          ) : null}
          {status === 'created' && report ? (
            <InlineAlert variant="positive">
              <Heading>Target ready</Heading>
              <Content>
                The mapping now targets “{names.schemaTitle}”, and the Upload step will load into the dataset “{names.datasetName}”.
              </Content>
            </InlineAlert>
          ) : null}
          {failedRun ? (
            <InlineAlert variant="notice">
              <Heading>Creation stopped midway</Heading>
              <Content>
                What exists stays; Retry goes on from the failed step and creates nothing twice. Names changed since are applied to what the stopped run made,
                which is taken over rather than left behind.
              </Content>
            </InlineAlert>
          ) : null}
          {proposal && status !== 'reading' && status !== 'failed' ? (
            <>
              <ProposalForm
                key={`${proposal.class.choice}:${proposal.identity.column}:${proposal.identity.namespace}`}
                proposal={proposal}
                names={names}
                isDisabled={busy || status === 'created'}
                onRename={(next) => store.getState().renameTarget(next)}
                onChoose={(choices) => void store.getState().proposeTarget(choices)}
              />
              {shown ? <ProposalFields proposal={shown} /> : null}
              {plan ? <CreationSteps report={plan} title={report ? 'What was done' : 'What creating does, in this order'} /> : null}
            </>
          ) : null}
        </Flex>
      </Content>
      <ButtonGroup>
        {status === 'reading' ? (
          <Button variant="secondary" onPress={() => void store.getState().cancelProposal()}>
            Cancel reading
          </Button>
        ) : null}
        {status === 'failed' ? (
          <Button variant="secondary" onPress={() => void store.getState().proposeTarget()}>
            Try again
          </Button>
        ) : null}
        <Button variant="secondary" onPress={close} isDisabled={busy}>
          {status === 'created' ? 'Back to the mapping' : 'Close'}
        </Button>
        {status === 'ready' || status === 'creating' ? (
          <Button variant="accent" onPress={() => void store.getState().createTarget()} isPending={busy} isDisabled={!namesValid}>
            {failedRun ? 'Retry' : 'Create target'}
          </Button>
        ) : null}
      </ButtonGroup>
    </Dialog>
  );
}
