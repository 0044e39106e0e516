import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { electronBinary, repoRoot } from './electron-binary';

/**
 * Builds dist/ (main bundle, preload, renderer) before the Electron specs, but only when there
 * is an Electron binary to run them with.
 * Why here: the specs launch the built app, and building where they are skipped anyway would
 * only cost time (and fail on machines that cannot build the renderer).
 */
export default function globalSetup(): void {
  if (electronBinary() === null) return;
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
}
