import { AppError } from '../../../src-shared/domain/errors';
import type { JobId } from '../../../src-shared/ipc/job-id';
import type { PreparedOutput } from './job-kinds';

/** How many finished preparations are remembered (each is a folder name and its summary). */
const KEPT = 200;

/**
 * The outputs of the prepare jobs this run finished, by job id.
 * Why apart from the job registry: a finished job leaves the registry, but what it made stays
 * useful: `jobs.upload` and `streaming.send` take a prepare job's id as their source, and
 * `jobs.rejects` reads its rejects. Bounded, oldest first out; the folder itself stays on disk
 * and can still be named as a source by its path.
 */
export class PreparedOutputs {
  readonly #outputs = new Map<JobId, PreparedOutput>();

  remember(id: JobId, output: PreparedOutput): void {
    this.#outputs.set(id, output);
    if (this.#outputs.size > KEPT) this.#outputs.delete(this.#outputs.keys().next().value as JobId);
  }

  /** The output of a finished prepare job; NOT_FOUND when this run finished none under `id`. */
  get(id: JobId, field = 'jobId'): PreparedOutput {
    const output = this.#outputs.get(id);
    if (!output)
      throw new AppError('NOT_FOUND', 'No finished preparation has this job id in this run of the app: prepare the file again, or upload its folder.', {
        field,
      });
    return output;
  }
}
