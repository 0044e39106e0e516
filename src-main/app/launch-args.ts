import path from 'node:path';
import { isOpenableFileName } from './openable-files';

/**
 * The data file named on a command line (first launch or a second launch), if any.
 * Why the filtering: Electron's argv holds the executable, in development the app folder or
 * script, and Chromium switches it adds itself (possibly reordered); only a non-switch argument
 * with a data file's extension is taken as "open this file". The last one wins, as in other
 * desktop apps. The path is resolved against the launching process's working directory.
 */
export function fileArgument(argv: readonly string[], workingDirectory: string): string | null {
  for (let index = argv.length - 1; index >= 1; index -= 1) {
    const arg = argv[index];
    if (arg === undefined || arg.startsWith('-') || !isOpenableFileName(arg)) continue;
    return path.resolve(workingDirectory, arg);
  }
  return null;
}
