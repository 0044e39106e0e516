import path from 'node:path';
import type { Logger } from '../platform/logger';
import { createDraftStore, type DraftStore } from './draft-store';
import { createRecentFiles, type RecentFiles } from './recent-files';

export { fingerprintFile } from './file-fingerprint';
export type { DraftStore } from './draft-store';
export type { RecentEntry, RecentFiles } from './recent-files';

/** The work in progress kept per file, and the files recently opened. */
export interface Drafts {
  store: DraftStore;
  recent: RecentFiles;
}

/** Drafts in `<dataDir>/drafts`, the recent files in `<dataDir>/recent-files.json`. */
export function createDrafts(dataDir: string, logger: Logger): Drafts {
  return {
    store: createDraftStore({ dir: path.join(dataDir, 'drafts'), logger }),
    recent: createRecentFiles({ file: path.join(dataDir, 'recent-files.json'), logger }),
  };
}
