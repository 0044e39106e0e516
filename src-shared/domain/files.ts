import { z } from 'zod';

/** An opaque handle on a file main has registered; the renderer never holds paths. */
export const FileRef = z.string().regex(/^f_[A-Za-z0-9_-]{8,64}$/, 'not a file reference');
export type FileRef = z.infer<typeof FileRef>;

export const RegisteredFile = z.object({
  fileRef: FileRef,
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type RegisteredFile = z.infer<typeof RegisteredFile>;
