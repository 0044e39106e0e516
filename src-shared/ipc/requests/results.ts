import { z } from 'zod';
import type { RequestMap } from '../request-map';

/**
 * What a job left on disk, within the steward's reach: a prepare job's parts and `rejects.csv`,
 * an upload's failed records. Why one request for both modes: the desktop app shows the file in
 * the system's file manager; browser mode, whose page may run on another machine than main's
 * folder, gets a one-time download link from the host instead. Main decides by the transport the
 * request came in on, so the renderer names the file and never a way to reach it.
 */

/** A file (or the folder itself) inside one of the app's job folders, as the job's summary named it. */
export const ResultFile = z
  .object({
    /** The job folder as main gave it: a prepare job's `outDir`, an upload's `jobDir`. */
    folder: z.string().min(1).max(4096),
    /** A path inside that folder (`rejects.csv`, `part-00001.json`, `failed-BATCH/x.json`); absent: the folder itself. */
    file: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type ResultFile = z.infer<typeof ResultFile>;

export const ResultOpened = z.discriminatedUnion('action', [
  /** The desktop app showed it in the system's file manager. */
  z.object({ action: z.literal('shown'), path: z.string() }),
  /** Browser mode: a one-time link to fetch it from the host, valid for a minute. */
  z.object({ action: z.literal('download'), url: z.string(), fileName: z.string() }),
]);
export type ResultOpened = z.infer<typeof ResultOpened>;

export const resultRequests = {
  'results.open': {
    input: ResultFile,
    output: ResultOpened,
  },
} as const satisfies RequestMap;
