import { z } from 'zod';

/**
 * A job's id: `j_` and 6 to 64 URL-safe characters.
 * Why the caller mints it (the renderer, a test, the CLI) and passes it in the request that starts
 * the job: the caller knows the id before any event can name it, so an event never arrives ahead
 * of the reply and nobody has to keep "early" events or guess which job they belong to. Main
 * refuses an id it already runs (CONFLICT).
 */
export const JobId = z.string().regex(/^j_[A-Za-z0-9_-]{6,64}$/, 'not a job id');
export type JobId = z.infer<typeof JobId>;

/** The kinds of job main runs in a worker thread (`propose`: a target proposed from a file, in the file worker). */
export const JobKind = z.enum(['prepare', 'upload', 'stream', 'propose']);
export type JobKind = z.infer<typeof JobKind>;
