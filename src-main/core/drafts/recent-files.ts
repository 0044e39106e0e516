import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { RecentFile } from '../../../src-shared/ipc/requests/drafts';
import type { Logger } from '../platform/logger';
import { writeFileAtomic } from '../settings/atomic-write';
import { shortHash } from './short-hash';

/** Recent files shown. */
export const RECENT_SHOWN = 10;
/** Recent files remembered: more than shown, so that a few moved or deleted ones still leave ten. */
const RECENT_KEPT = 2 * RECENT_SHOWN;

const RecentEntry = z.object({
  /** What identifies the user's file across sessions (file-identity.ts). */
  origin: z.string().min(1),
  /** Where main reads it; never sent to the renderer. */
  path: z.string().min(1),
  name: z.string(),
  size: z.number().int().nonnegative(),
  openedAt: z.string(),
});
export type RecentEntry = z.infer<typeof RecentEntry>;

const RecentList = z.object({ version: z.literal(1), files: z.array(RecentEntry) });

export interface RecentFilesOptions {
  /** The list's file (`<dataDir>/recent-files.json`). */
  file: string;
  /** Where an unreadable list is reported; it then counts as empty. */
  logger: Logger;
  now?: () => Date;
}

export interface RecentFiles {
  /** Puts the file first (once, by origin). */
  add(entry: Omit<RecentEntry, 'openedAt'>): Promise<void>;
  /** The newest files that still exist, at most ten, for the screen. */
  list(): Promise<RecentFile[]>;
  /** The entry behind an id from `list`, or null when it is no longer kept. */
  find(id: string): Promise<RecentEntry | null>;
}

/** The renderer's handle on an entry: a hash of its origin, stable across restarts. */
function idOf(origin: string): string {
  return `r_${shortHash(origin, 24)}`;
}

/**
 * The files last inspected on the Prepare screen, so that a steward reopens one with a click.
 * Why the paths stay here: the renderer only gets opaque ids, and `files.openRecent` registers
 * only a path this list holds, one the user opened before; a page cannot name another file.
 */
export function createRecentFiles(options: RecentFilesOptions): RecentFiles {
  const { file, logger } = options;
  const now = options.now ?? (() => new Date());
  // Adds are read-modify-write of one file: one at a time, or two opens could lose one of them.
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<RecentEntry[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT') return [];
      logger.warn('recent files ignored: unreadable', { error: error instanceof Error ? error.message : String(error) });
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      logger.warn('recent files ignored: not JSON');
      return [];
    }
    const parsed = RecentList.safeParse(json);
    if (!parsed.success) {
      logger.warn('recent files ignored: not a valid list', { problem: parsed.error.issues[0]?.message ?? '' });
      return [];
    }
    return parsed.data.files;
  }

  async function exists(entry: RecentEntry): Promise<boolean> {
    try {
      return (await stat(entry.path)).isFile();
    } catch {
      return false;
    }
  }

  return {
    add(entry) {
      const next = queue.then(async () => {
        const others = (await read()).filter((e) => e.origin !== entry.origin);
        const files = [{ ...entry, openedAt: now().toISOString() }, ...others].slice(0, RECENT_KEPT);
        await writeFileAtomic(file, `${JSON.stringify({ version: 1, files })}\n`);
      });
      queue = next.catch(() => undefined);
      return next;
    },

    async list() {
      const entries = await read();
      const present = await Promise.all(entries.map(exists));
      return entries
        .filter((_, i) => present[i])
        .slice(0, RECENT_SHOWN)
        .map((e) => ({ id: idOf(e.origin), name: e.name, size: e.size, openedAt: e.openedAt }));
    },

    async find(id) {
      return (await read()).find((e) => idOf(e.origin) === id) ?? null;
    },
  };
}
