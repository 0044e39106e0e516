/**
 * The Identity Service namespaces of a sandbox: the standard ones every sandbox has, and the
 * custom ones created in it (documents of kind `namespace`). Shared by the identity routes and
 * by Profile, which keeps only identities in a namespace the sandbox has.
 */
import type { JsonObject } from './json';
import type { DocumentStore } from './store/documents';

const EPOCH = 1495153678000;

/** Standard namespaces (codes confirmed in Adobe's guides first, then the commonly used ones). */
export const STANDARD_NAMESPACES: JsonObject[] = [
  [0, 'CORE', 'CORE', 'Adobe Audience Manager', 'COOKIE'],
  [4, 'ECID', 'ECID', 'ECID Namespace', 'COOKIE'],
  [6, 'Email', 'Email', 'Email', 'Email'],
  [7, 'Phone', 'Phone', 'Phone', 'Phone'],
  [10, 'AAID', 'Adobe Analytics (Legacy ID)', 'Adobe Analytics (Legacy ID)', 'COOKIE'],
  [11, 'Email_LC_SHA256', 'Emails (SHA256, lowercased)', 'Emails (SHA256, lowercased)', 'Email'],
  [20, 'IDFA', 'Apple IDFA', 'Apple IDFA (ID for Advertisers)', 'Device'],
  [21, 'GAID', 'Google Ad ID (GAID)', 'Google Advertising ID', 'Device'],
  [9, 'TNTID', 'TNTID', 'Adobe Target', 'COOKIE'],
  [411, 'AdCloud', 'AdCloud', 'Adobe AdCloud', 'COOKIE'],
].map(([id, code, name, description, idType]) => ({
  id: id as number,
  code: code as string,
  name: name as string,
  description: description as string,
  idType: idType as string,
  status: 'ACTIVE',
  custom: false,
  createTime: EPOCH,
  updateTime: EPOCH,
}));

/** All namespaces of a sandbox: standard then custom. */
export function namespacesOf(docs: DocumentStore, sandbox: string): JsonObject[] {
  return [...STANDARD_NAMESPACES, ...docs.list<JsonObject>(sandbox, 'namespace')];
}

/**
 * The namespace codes of a sandbox, lower-cased (Profile answers codes in lower case, and the
 * client matches them so: aep-notes §6). Profile keeps only identities in these namespaces:
 * AEP ingests a record with an unknown namespace to the data lake but it never reaches Profile.
 */
export function knownNamespaceCodes(docs: DocumentStore, sandbox: string): Set<string> {
  return new Set(namespacesOf(docs, sandbox).map((n) => String(n.code).toLowerCase()));
}
