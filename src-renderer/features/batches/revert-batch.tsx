import { AlertDialog, Button, DialogTrigger } from '@adobe/react-spectrum';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { serverKeys } from '../../queries/keys';
import { invalidate } from '../../queries/server-cache';
import { useBridge } from '../../queries/server-context';
import { ask, outcomeOf } from '../../queries/request';
import { formatCount } from '../prepare/format';

type Outcome = { ok: true } | { ok: false; error: AppErrorShape };

/**
 * Reverts a successful batch, after saying what that does: its records leave the dataset and
 * Profile (Batch Ingestion `action=REVERT`; Catalog then lists it inactive). Why offered only for
 * a successful batch: AEP reverts nothing else. The outcome is said below the button either way.
 */
export function RevertBatch({ batch, connectionId }: { batch: BatchSummary; connectionId: string }) {
  const bridge = useBridge();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const revertible = batch.status === 'success';

  async function revert(): Promise<void> {
    setBusy(true);
    const result = await outcomeOf(() => ask(bridge, 'batches.revert', { batchId: batch.batchId, connectionId, confirmed: true }));
    setBusy(false);
    if (!result.ok) {
      setOutcome({ ok: false, error: result.error });
      return;
    }
    client.setQueryData(serverKeys.batch(connectionId, batch.batchId), result.value);
    setOutcome({ ok: true });
    await invalidate.batches(client, connectionId);
  }

  if (!revertible && outcome === null) return null;
  return (
    <div className="batch-revert">
      {revertible ? (
        <DialogTrigger>
          <Button variant="negative" isDisabled={busy}>
            Revert batch…
          </Button>
          <AlertDialog
            variant="destructive"
            title="Revert this batch?"
            primaryActionLabel="Revert batch"
            cancelLabel="Keep it"
            onPrimaryAction={() => void revert()}
          >
            <p className="confirm-text">
              The {formatCount(batch.recordsWritten)} records of batch {batch.batchId} are taken out of the dataset and out of Real-Time Customer Profile.
              Catalog keeps the batch, marked inactive.
            </p>
            <p className="confirm-text confirm-text--strong">A reverted batch cannot be restored: to load its records again, upload them again.</p>
          </AlertDialog>
        </DialogTrigger>
      ) : null}
      {outcome?.ok ? (
        <p role="status" className="batch-revert__outcome">
          Reverted: its records are no longer in the dataset or in Profile.
        </p>
      ) : null}
      {outcome && !outcome.ok ? (
        <p role="alert" className="prepare-warning-text">
          The batch was not reverted: {outcome.error.message}
        </p>
      ) : null}
    </div>
  );
}
