import path from 'node:path';
import { writeFileAtomic } from '../settings/atomic-write';
import { makeFolder } from './make-folder';
import { writingTo } from './write-failure';

/**
 * Writes a file the user asked for (`--out`, a summary), whole or not at all.
 * Why: written in place, a full disk leaves the file truncated and an earlier version lost; a
 * temporary file renamed over the target leaves either the old file or the new one. Failures
 * are FILE_UNWRITABLE errors naming the file. Permissions are the usual ones for the user's
 * files (0666 less the umask), unlike the settings file's private 0600.
 */
export function writeOutputFile(file: string, content: string): Promise<void> {
  return writingTo(file, async () => {
    await makeFolder(path.dirname(file));
    await writeFileAtomic(file, content, { mode: 0o666 });
  });
}
