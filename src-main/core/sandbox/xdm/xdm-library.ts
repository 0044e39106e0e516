/**
 * The global XDM library: Adobe's standard classes, behaviours, field groups and data types.
 *
 * Loaded once from the copied `assets/xdm` files and indexed by `$id`, never by path (the
 * upstream README warns that no rule maps one to the other). The registry routes serve it as the
 * `global` container, and the compatibility-mode resolver follows `$ref`s through it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isJsonObject, type JsonObject } from '../json';

export type GlobalKind = 'classes' | 'behaviors' | 'fieldgroups' | 'datatypes';

export interface GlobalResource {
  kind: GlobalKind;
  id: string;
  altId: string;
  doc: JsonObject;
}

/** Index of the standard XDM documents by `$id`. */
export interface XdmLibrary {
  byId(id: string): JsonObject | undefined;
  resources(kind: GlobalKind): GlobalResource[];
  /** Finds a global resource by `$id` or `meta:altId`. */
  find(kind: GlobalKind, idOrAltId: string): GlobalResource | undefined;
  /**
   * The release of Adobe's XDM repository the copy was taken from (the tag at its commit, recorded in
   * `source.json` beside `components/`): what AEP's registry metadata calls `meta:globalLibVersion`.
   * Undefined for a copy that does not record it.
   */
  version: string | undefined;
}

/** `https://ns.adobe.com/xdm/context/profile` → `_xdm.context.profile`, as AEP's `meta:altId`. */
export function altIdOf(id: string): string {
  const m = /^https?:\/\/([^/]+)\/(.*)$/.exec(id);
  if (!m) return id;
  const host = m[1] ?? '';
  const rest = (m[2] ?? '').replace(/\//g, '.');
  return host === 'ns.adobe.com' ? `_${rest}` : `_${host.replace(/\./g, '_')}.${rest}`;
}

function kindOf(file: string): GlobalKind | undefined {
  const parts = file.split(path.sep);
  if (parts.includes('classes')) return 'classes';
  if (parts.includes('behaviors')) return 'behaviors';
  if (parts.includes('fieldgroups')) return 'fieldgroups';
  if (parts.includes('datatypes')) return 'datatypes';
  return undefined;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.schema.json')) out.push(full);
  }
}

/** The `tag` of `source.json` (the XDM release the copy is), if the copy records one. */
function versionOf(xdmDir: string): string | undefined {
  const file = path.join(xdmDir, 'source.json');
  if (!existsSync(file)) return undefined;
  const source: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return isJsonObject(source) && typeof source.tag === 'string' ? source.tag : undefined;
}

/** Reads every `*.schema.json` under `xdmDir` (the folder holding `components/`). */
export function loadXdmLibrary(xdmDir: string): XdmLibrary {
  const files: string[] = [];
  walk(path.join(xdmDir, 'components'), files);
  const byId = new Map<string, JsonObject>();
  const byKind = new Map<GlobalKind, GlobalResource[]>();
  for (const file of files.sort()) {
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isJsonObject(doc) || typeof doc.$id !== 'string') continue;
    byId.set(doc.$id, doc);
    const kind = kindOf(path.relative(xdmDir, file));
    if (!kind) continue;
    const list = byKind.get(kind) ?? [];
    list.push({ kind, id: doc.$id, altId: altIdOf(doc.$id), doc });
    byKind.set(kind, list);
  }
  return {
    byId: (id) => byId.get(id),
    resources: (kind) => byKind.get(kind) ?? [],
    find: (kind, idOrAltId) => (byKind.get(kind) ?? []).find((r) => r.id === idOrAltId || r.altId === idOrAltId),
    version: versionOf(xdmDir),
  };
}
