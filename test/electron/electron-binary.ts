import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root (this file is test/electron/electron-binary.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The Electron executable installed by the `electron` package, or null when it is absent.
 * Why by looking at the disk: the package's own entry point downloads the binary when it is
 * missing, which must never happen from a test (design section 6). The package records the
 * executable's path inside node_modules/electron/dist in path.txt once it has installed it.
 */
export function electronBinary(): string | null {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return null;
  const executable = path.join(packageDir, 'dist', relative);
  return existsSync(executable) ? executable : null;
}
