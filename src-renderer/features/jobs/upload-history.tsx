import { ActionButton, Button, Content, Flex, Heading, InlineAlert, ProgressCircle, Text } from '@adobe/react-spectrum';
import Refresh from '@spectrum-icons/workflow/Refresh';
import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import { useAppStore } from '../../state/store-context';
import { useUploadHistory } from '../../queries/use-server-state';
import { formatCount } from '../prepare/format';
import { streamRunCounts } from '../../../src-shared/domain/stream-run-words';
import { describeBatchStatus, describeHistoryRow, describeSentAs, formatWhen } from './upload-format';
import { DatasetBatchesLink } from './profile-link';
import { useDatasetName } from './use-dataset-name';

function DatasetCell({ upload }: { upload: LocalUploadShape }) {
  const name = useDatasetName(upload.datasetId, upload.connectionId ?? null);
  return <>{name}</>;
}

function Batches({ upload }: { upload: LocalUploadShape }) {
  // A streaming run has no batch: what the inlet answered stands in its place.
  if (upload.stream) {
    return (
      <>
        {streamRunCounts(upload.stream)}
        {upload.stream.message ? <span className="history-sent-as">{upload.stream.message}</span> : null}
      </>
    );
  }
  if (upload.batches.length === 0) return <span className="prepare-muted">None yet</span>;
  return (
    <ul className="history-batches">
      {upload.batches.map((b) => {
        const words = describeBatchStatus(b.status);
        return (
          <li key={b.batchId}>
            <code>{b.batchId}</code> <span className={`tone tone--${words.tone}`}>{words.label}</span>
            {b.recordsWritten !== undefined ? (
              <span className="prepare-muted">
                {' '}
                {formatCount(b.recordsWritten)} written{b.recordsFailed ? `, ${formatCount(b.recordsFailed)} failed` : ''}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Action({ upload }: { upload: LocalUploadShape }) {
  const resume = useAppStore((s) => s.resumeInterruptedUpload);
  const resuming = useAppStore((s) => s.uploads.resuming[upload.jobDir] === true);
  // A streaming run is never resumed: what it sent stays sent, and the rest is sent again anew.
  if (upload.state !== 'interrupted' || upload.mode !== 'batch') return null;
  return (
    <Button variant="primary" onPress={() => void resume(upload.jobDir)} isDisabled={resuming} aria-label={`Resume the upload of ${upload.label}`}>
      {resuming ? 'Resuming…' : 'Resume'}
    </Button>
  );
}

/**
 * Uploads and streaming runs this machine ran (in the app or with `xdm-loader upload` and
 * `stream`), from their journals.
 * Why interrupted ones come with Resume: an upload cut by a crash or a closed window keeps its
 * journal, and resuming sends only what AEP had not confirmed.
 */
export function UploadHistory() {
  const history = useUploadHistory();
  const now = new Date();
  return (
    <Flex direction="column" gap="size-150">
      <Flex alignItems="center" gap="size-150">
        <h2 className="upload-section__title" id="jobs-history-heading">
          History
          {history.status === 'ready' ? <span className="prepare-section__count">{history.items.length}</span> : null}
        </h2>
        <span className="mapping-toolbar__spacer" />
        {history.status === 'loading' ? <ProgressCircle size="S" isIndeterminate aria-label="Reading the upload journals" /> : null}
        <ActionButton onPress={history.refresh} isDisabled={history.status === 'loading'}>
          <Refresh />
          <Text>Refresh</Text>
        </ActionButton>
      </Flex>
      {history.status === 'error' && history.error ? (
        <InlineAlert variant="negative">
          <Heading>The upload history could not be read</Heading>
          <Content>{history.error.message}</Content>
        </InlineAlert>
      ) : null}
      {history.status === 'ready' && history.items.length === 0 ? <p className="prepare-muted">No upload has run on this computer yet.</p> : null}
      {history.items.length > 0 ? (
        <div className="target-table-frame">
          <table className="target-table history-table" aria-label="Upload history">
            <thead>
              <tr>
                <th>File</th>
                <th>Started</th>
                <th>Dataset</th>
                <th className="issue-table__count">Records</th>
                <th>State</th>
                <th>Batch or stream</th>
                <th>
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((upload) => {
                const words = describeHistoryRow(upload);
                return (
                  <tr key={`${upload.jobDir}#${upload.run ?? 0}`}>
                    <th scope="row">
                      <span className="target-title">{upload.label}</span>
                      <span className="history-sent-as">{describeSentAs(upload)}</span>
                    </th>
                    <td>{formatWhen(upload.startedAt, now)}</td>
                    <td>
                      <DatasetCell upload={upload} />
                    </td>
                    <td className="issue-table__count">{formatCount(upload.recordsExpected)}</td>
                    <td>
                      <span className={`tone tone--${words.tone}`}>{words.label}</span>
                    </td>
                    <td>
                      <Batches upload={upload} />
                    </td>
                    <td>
                      <Flex direction="column" gap="size-75" alignItems="start">
                        <Action upload={upload} />
                        {upload.batches.length > 0 ? <DatasetBatchesLink datasetId={upload.datasetId} connectionId={upload.connectionId ?? null} /> : null}
                      </Flex>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Flex>
  );
}
