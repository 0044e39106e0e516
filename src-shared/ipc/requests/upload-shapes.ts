import { z } from 'zod';
import { FileRef } from '../../domain/files';
import { JobId } from '../job-id';

/**
 * Shapes shared by the upload, streaming and batch requests of several domain files (`jobs.ts`,
 * `uploads.ts`, `batches.ts`).
 * Why a source is a prepare job, a folder of main's or a registered file and never any path: the
 * renderer only names what main handed it (`jobs.prepare`'s id and outDir, a FileRef); main
 * resolves each and refuses folders outside its own jobs folder.
 */

export const DatasetId = z.string().trim().min(1, 'a dataset id is required').max(200);

/** What to upload or stream: a finished prepare job, its output folder, or a registered XDM file (.json Lines / .parquet). */
export const IngestSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('job'), jobId: JobId }).strict(),
  z.object({ kind: z.literal('folder'), path: z.string().min(1).max(4096) }).strict(),
  z.object({ kind: z.literal('file'), fileRef: FileRef }).strict(),
]);
export type IngestSource = z.infer<typeof IngestSource>;
