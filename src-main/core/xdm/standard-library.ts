import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XdmLibrary } from '../../../src-shared/xdm/resolve-schema';
import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';

/**
 * The standard XDM documents shipped in `assets/xdm` (CC BY 4.0, see its NOTICE.md).
 * Why shipped: offline preparation against the standard Profile and ExperienceEvent classes
 * must work on an installed app with no connection to a Schema Registry.
 */

/**
 * Finds `assets/xdm` by walking up from this module (source tree, dist bundle) or from the
 * Electron resources folder.
 * Why a walk: the same code runs from `src-main/core/xdm` under tests and from
 * `dist/<entry>/` when bundled, at different depths.
 */
export function findXdmAssetsDir(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  const candidates: string[] = [];
  let dir = start;
  for (let i = 0; i < 8; i++) {
    candidates.push(path.join(dir, 'assets', 'xdm'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, 'assets', 'xdm'));
  const found = candidates.find((c) => existsSync(path.join(c, 'components')));
  if (!found) throw new Error(`Standard XDM schemas not found (looked in ${candidates.join(', ')})`);
  return found;
}

let cached: { dir: string; library: XdmLibrary } | undefined;

/** Reads every `*.schema.json` under `dir/components`, indexed by `$id` (never by path). */
export function loadXdmLibrary(dir: string = findXdmAssetsDir()): XdmLibrary {
  if (cached && cached.dir === dir) return cached.library;
  const library = new Map<string, XdmSchemaNode>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.schema.json')) {
        const doc = JSON.parse(readFileSync(p, 'utf8')) as XdmSchemaNode;
        if (typeof doc.$id === 'string') library.set(doc.$id, doc);
      }
    }
  };
  walk(path.join(dir, 'components'));
  cached = { dir, library };
  return library;
}

export const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';

/** Field groups of the standard customer Profile schema offered offline. */
export const standardProfileFieldGroups = [
  'https://ns.adobe.com/xdm/context/identitymap',
  'https://ns.adobe.com/xdm/context/profile-person-details',
  'https://ns.adobe.com/xdm/context/profile-personal-details',
  'https://ns.adobe.com/xdm/mixins/profile/profile-loyalty-details',
  'https://ns.adobe.com/xdm/mixins/profile-consents',
] as const;

/** Field groups of the standard ExperienceEvent schema offered offline. */
export const standardExperienceEventFieldGroups = [
  'https://ns.adobe.com/xdm/context/experienceevent-commerce',
  'https://ns.adobe.com/xdm/context/experienceevent-web',
  'https://ns.adobe.com/xdm/context/experienceevent-environment-details',
] as const;
