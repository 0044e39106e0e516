import { app } from 'electron';
import { fileArgument } from './launch-args';

/**
 * Takes the single-instance lock; returns false when another instance already holds it (this
 * process should then quit at once: its command line has been handed to the first instance).
 * Why one instance: two windows over one data directory would fight over its journal and
 * settings. A second launch focuses the existing window and opens the file it was given.
 * The lock is per userData folder, so set that folder before calling this.
 */
export function claimSingleInstance(onSecondLaunch: (filePath: string | null) => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv, workingDirectory) => {
    onSecondLaunch(fileArgument(argv, workingDirectory));
  });
  return true;
}
