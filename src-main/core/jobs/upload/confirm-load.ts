import { confirmPrepared } from '../confirm/confirm-prepared';
import type { PlatformClient } from '../../platform/platform-client';
import type { ConfirmOptions, UploadResult } from './upload-types';

/**
 * The upload's last step: sampled identities looked up in Profile once every batch succeeded.
 * Why it never fails the upload: the records are in the dataset whatever Profile says; a lookup
 * that cannot be made (network, 403, a cancel while waiting) is reported beside the result.
 * Why a short wait: on AEP Profile applies a batch minutes after it succeeds; waiting long would
 * hold the job open for little, and the report says "still processing" for what is not there yet.
 */
export const DEFAULT_CONFIRM_COUNT = 10;
export const DEFAULT_CONFIRM_WAIT_MS = 30_000;

export interface ConfirmLoadInput {
  /** The uploaded folder or file (its identities are sampled). */
  source: string;
  datasetId: string;
  /** When the batches succeeded, if this run saw it (recent batches may still be processing). */
  completedAt?: number;
  options: ConfirmOptions;
  signal?: AbortSignal;
  note: (message: string) => void;
}

export async function confirmLoad(client: PlatformClient, input: ConfirmLoadInput): Promise<Pick<UploadResult, 'confirmation' | 'confirmationError'>> {
  const count = input.options.count ?? DEFAULT_CONFIRM_COUNT;
  input.note(`Confirming in Profile: looking up ${count} sampled identit${count === 1 ? 'y' : 'ies'}.`);
  try {
    const { sample: _sample, ...report } = await confirmPrepared(client, {
      target: input.source,
      datasetId: input.datasetId,
      count,
      waitMs: input.options.waitMs ?? DEFAULT_CONFIRM_WAIT_MS,
      ...(input.options.initialDelayMs !== undefined ? { initialDelayMs: input.options.initialDelayMs } : {}),
      ...(input.completedAt !== undefined ? { batchCompletedAt: input.completedAt } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    return { confirmation: report };
  } catch (error) {
    const message = `Confirmation in Profile could not be made: ${error instanceof Error ? error.message : String(error)}`;
    input.note(message);
    return { confirmationError: message };
  }
}
