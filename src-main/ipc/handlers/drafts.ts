import type { draftRequests } from '../../../src-shared/ipc/requests/drafts';
import { AppError } from '../../../src-shared/domain/errors';
import { type Drafts, fingerprintFile } from '../../core/drafts/index';
import type { FileRegistry } from '../../core/files/file-registry';
import type { HandlerFragment } from './fragment';

export interface DraftHandlerDeps {
  files: FileRegistry;
  drafts: Drafts;
}

/**
 * Drafts and recent files.
 * Why main fingerprints the file on every lookup and save: a draft belongs to a content, not only
 * to a name; reading the file's head here is what lets `drafts.get` say that the file changed.
 */
export function draftHandlers(deps: DraftHandlerDeps): HandlerFragment<keyof typeof draftRequests> {
  const { files, drafts } = deps;

  async function identify(fileRef: string): Promise<{ origin: string; fingerprint: string }> {
    const file = files.resolve(fileRef);
    try {
      return { origin: file.origin, fingerprint: await fingerprintFile(file.path) };
    } catch {
      throw new AppError('FILE_UNREADABLE', `${file.name} can no longer be read; open it again.`, { file: file.name });
    }
  }

  return {
    'drafts.get': async ({ fileRef }) => {
      const { origin, fingerprint } = await identify(fileRef);
      return drafts.store.get(origin, fingerprint);
    },

    'drafts.save': async ({ fileRef, draft }) => {
      const { origin, fingerprint } = await identify(fileRef);
      return drafts.store.save(origin, fingerprint, draft);
    },

    'drafts.discard': async ({ fileRef }) => ({ discarded: await drafts.store.discard(files.resolve(fileRef).origin) }),

    'files.recent': async () => drafts.recent.list(),

    'files.openRecent': async ({ id }) => {
      const entry = await drafts.recent.find(id);
      if (!entry) throw new AppError('NOT_FOUND', 'This file is no longer in the recent files.', { field: 'id' });
      return files.register(entry.path, entry.name, { origin: entry.origin });
    },
  };
}
