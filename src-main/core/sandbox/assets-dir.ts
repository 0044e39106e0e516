/**
 * Locating the sandbox's seed assets (`assets/xdm`) in development, tests and the packaged app.
 *
 * The app must work installed, without the repository's `shared/` folder; so the XDM files are
 * copied into `assets/xdm` and looked up from an explicit option, the
 * `XDM_LOADER_SANDBOX_ASSETS` variable, or by walking up from this module and from the working dir.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function moduleDir(): string | undefined {
  try {
    return path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}

function walkUp(start: string | undefined): string[] {
  const out: string[] = [];
  let dir = start;
  while (dir) {
    out.push(path.join(dir, 'assets', 'xdm'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/** The folder holding `components/` and `LICENSE` of the copied XDM subset. */
export function findXdmAssets(explicit?: string): string {
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    explicit,
    process.env.XDM_LOADER_SANDBOX_ASSETS,
    ...(resources ? [path.join(resources, 'assets', 'xdm')] : []),
    ...walkUp(moduleDir()),
    ...walkUp(process.cwd()),
  ].filter((c): c is string => typeof c === 'string' && c.length > 0);
  const found = candidates.find((c) => existsSync(path.join(c, 'components')));
  if (!found) throw new Error(`Local sandbox assets not found (looked in ${candidates.slice(0, 4).join(', ')}, …)`);
  return found;
}
