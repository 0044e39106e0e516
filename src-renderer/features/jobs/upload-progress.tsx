import { ProgressBar } from '@adobe/react-spectrum';
import type { ReactNode } from 'react';
import type { UploadProgressView } from '../../state/uploads-slice';
import { formatBytes, formatCount } from '../prepare/format';
import { describeBatchStatus, describePhase, formatEta, formatSpeed, percent } from './upload-format';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="upload-stat">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * A running upload: bytes and records confirmed by AEP, speed, time left, parts, chunks, batches.
 * Why two bars: bytes move while a large part is chunked, records only when a part is confirmed;
 * together they say both "how far" and "how much is safely in".
 */
export function UploadProgress({ progress, paused }: { progress: UploadProgressView; paused: boolean }) {
  const p = progress;
  const sending = p.phase === 'planning' || p.phase === 'creating' || p.phase === 'uploading';
  return (
    <div className="upload-progress">
      <p className="upload-progress__phase">{paused ? 'Paused: nothing is being sent. Resume to go on where it stopped.' : `${describePhase(p.phase)}…`}</p>
      <ProgressBar
        label="Bytes"
        value={percent(p.bytesSent, p.bytesTotal)}
        valueLabel={`${formatBytes(p.bytesSent)} of ${formatBytes(p.bytesTotal)}`}
        width="100%"
        isIndeterminate={p.bytesTotal === 0 && p.phase === 'planning'}
      />
      <ProgressBar
        label="Records"
        value={percent(p.recordsSent, p.recordsTotal)}
        valueLabel={`${formatCount(p.recordsSent)} of ${formatCount(p.recordsTotal)}`}
        width="100%"
      />
      <dl className="upload-stats" aria-label="Transfer">
        <Stat label="Speed">{sending && !paused ? formatSpeed(p.mbPerSecond) : '—'}</Stat>
        <Stat label="Time left">{paused ? 'paused' : sending ? formatEta(p.etaSeconds) : 'all sent'}</Stat>
        <Stat label="Parts">
          {formatCount(p.partsDone)} of {formatCount(p.partsTotal)}
        </Stat>
        <Stat label="Chunks">{p.chunksTotal === 0 ? 'none (single upload per part)' : `${formatCount(p.chunksDone)} of ${formatCount(p.chunksTotal)}`}</Stat>
        <Stat label={p.batchIds.length > 1 ? 'Batches' : 'Batch'}>
          {p.batchIds.length === 0 ? (
            'not created yet'
          ) : (
            <>
              {p.batchIds.map((id) => (
                <code key={id} className="upload-batch-id">
                  {id}
                </code>
              ))}
              {p.batchStatus ? <span className="prepare-muted"> {describeBatchStatus(p.batchStatus).label.toLowerCase()}</span> : null}
            </>
          )}
        </Stat>
      </dl>
    </div>
  );
}
