import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The pointer to a data folder the steward chose on the Settings screen: `data-folder.json` in the
 * *default* data folder, read before anything else at start.
 * Why in the default folder: it is the one place every start (the app, browser mode, the CLI) can
 * find without knowing the choice. Why `copyFrom`: the data is copied at the next start, when
 * nothing has the old folder open (the Local sandbox's database, a job's journal), so the copy is
 * whole; the pointer loses it once the copy is in place.
 */
export const POINTER_FILE = 'data-folder.json';

const AbsolutePath = z.string().min(1).refine(path.isAbsolute, 'must be an absolute path');

export const DataFolderPointer = z
  .object({
    version: z.literal(1),
    /** The folder the app uses. */
    dataDir: AbsolutePath,
    /** The folder whose data the next start copies into `dataDir` first. */
    copyFrom: AbsolutePath.optional(),
  })
  .strict();
export type DataFolderPointer = z.infer<typeof DataFolderPointer>;

export type PointerRead = { pointer: DataFolderPointer } | { pointer: null; problem?: string };

/** Reads the pointer in `defaultDir`: none when there is no file; a problem (what and where) when it cannot be used. */
export function readPointer(defaultDir: string): PointerRead {
  const file = path.join(defaultDir, POINTER_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pointer: null };
    return { pointer: null, problem: `${file} cannot be read (${(error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { pointer: null, problem: `${file} is not JSON (${(error as Error).message})` };
  }
  const parsed = DataFolderPointer.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { pointer: null, problem: `${file}: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}` };
  }
  return { pointer: parsed.data };
}

/** Writes the pointer whole or not at all (a sibling temp file renamed over it); null removes it. */
export function writePointer(defaultDir: string, pointer: DataFolderPointer | null): void {
  const file = path.join(defaultDir, POINTER_FILE);
  if (pointer === null) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(defaultDir, { recursive: true });
  const temp = path.join(defaultDir, `.${POINTER_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(DataFolderPointer.parse(pointer), null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
