import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { FileDraft, type DraftLookup } from '../../../src-shared/ipc/requests/drafts';
import type { Logger } from '../platform/logger';
import { writeFileAtomic } from '../settings/atomic-write';
import { shortHash } from './short-hash';

/** Drafts kept at most; saving one more removes the least recently saved. */
export const MAX_DRAFTS = 100;

/** One draft on disk: the file it belongs to, the content it was made for, and the work. */
const StoredDraft = z
  .object({
    version: z.literal(1),
    origin: z.string().min(1),
    fingerprint: z.string().min(1),
    savedAt: z.string(),
    draft: FileDraft,
  })
  .strict();
type StoredDraft = z.infer<typeof StoredDraft>;

export interface DraftStoreOptions {
  /** The folder of draft files (`<dataDir>/drafts`). */
  dir: string;
  /** Where a draft file that cannot be read is reported; it is then ignored. */
  logger: Logger;
  maxDrafts?: number;
  now?: () => Date;
}

export interface DraftStore {
  /** The draft of the file known as `origin`, told apart by whether its content is still `fingerprint`. */
  get(origin: string, fingerprint: string): Promise<DraftLookup>;
  /** Keeps `draft` as the file's one draft (replacing any other), then keeps at most `maxDrafts`. */
  save(origin: string, fingerprint: string, draft: FileDraft): Promise<{ savedAt: string }>;
  /** Forgets the file's draft; whether there was one. */
  discard(origin: string): Promise<boolean>;
}

/**
 * Drafts on disk, one small JSON file per user file, named by a hash of the file's origin.
 * Why one file per draft: an autosave rewrites only its own draft (atomically), and one damaged
 * file costs one draft, never the others. Why validated on read: the folder is the user's; a
 * draft cut short, edited by hand or written by another version is reported in the log and
 * ignored, and the screen starts fresh instead of failing.
 */
export function createDraftStore(options: DraftStoreOptions): DraftStore {
  const { dir, logger } = options;
  const maxDrafts = options.maxDrafts ?? MAX_DRAFTS;
  const now = options.now ?? (() => new Date());
  const fileOf = (origin: string): string => path.join(dir, `${shortHash(origin, 32)}.json`);

  async function read(origin: string): Promise<StoredDraft | null> {
    const file = fileOf(origin);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      logger.warn('draft ignored: unreadable', { file: path.basename(file), error: errorCode(error) });
      return null;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      logger.warn('draft ignored: not JSON', { file: path.basename(file) });
      return null;
    }
    const parsed = StoredDraft.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      logger.warn('draft ignored: not a valid draft', { file: path.basename(file), field: first?.path.join('.') ?? '', problem: first?.message ?? '' });
      return null;
    }
    // Another file's draft under this name (a hash collision, or a file copied in by hand).
    if (parsed.data.origin !== origin) return null;
    return parsed.data;
  }

  async function prune(): Promise<void> {
    const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
    if (names.length <= maxDrafts) return;
    const dated = await Promise.all(
      names.map(async (name) => {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => null);
        return { file, time: info?.mtimeMs ?? 0 };
      }),
    );
    dated.sort((a, b) => a.time - b.time);
    await Promise.all(dated.slice(0, dated.length - maxDrafts).map(({ file }) => rm(file, { force: true })));
  }

  return {
    async get(origin, fingerprint) {
      const stored = await read(origin);
      if (!stored) return { status: 'none' };
      return { status: stored.fingerprint === fingerprint ? 'found' : 'changed', draft: stored.draft, savedAt: stored.savedAt };
    },

    async save(origin, fingerprint, draft) {
      const stored: StoredDraft = { version: 1, origin, fingerprint, savedAt: now().toISOString(), draft: FileDraft.parse(draft) };
      await writeFileAtomic(fileOf(origin), `${JSON.stringify(stored)}\n`);
      await prune();
      return { savedAt: stored.savedAt };
    },

    async discard(origin) {
      const file = fileOf(origin);
      const existed = await stat(file).then(
        () => true,
        () => false,
      );
      await rm(file, { force: true });
      return existed;
    },
  };
}

function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT';
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
}
