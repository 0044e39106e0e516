import { z } from 'zod';

/**
 * The steward's settings (the Settings screen): how the window looks, how long finished job
 * folders are kept, and what a new upload starts with. Why here: the contract, main's settings
 * file and the screen validate them against the same ranges.
 */

export const themeChoices = ['system', 'light', 'dark'] as const;
export const Theme = z.enum(themeChoices);
export type Theme = z.infer<typeof Theme>;

/** Ranges the screen states and main enforces: AEP takes chunks of at most 512,000,000 bytes (488 MiB). */
export const settingLimits = {
  retentionDays: { min: 1, max: 3650 },
  uploadConcurrency: { min: 1, max: 32 },
  uploadChunkSizeMb: { min: 5, max: 488 },
} as const;

const between = (limits: { min: number; max: number }) => z.number().int().min(limits.min).max(limits.max);

export const AppSettings = z.object({
  theme: Theme,
  /** Finished job folders older than this many days are removed when the app starts. */
  retentionDays: between(settingLimits.retentionDays),
  /** Transfers in flight of a new upload (parts and chunks together). */
  uploadConcurrency: between(settingLimits.uploadConcurrency),
  /** Chunk size of a new upload's large files, MiB. */
  uploadChunkSizeMb: between(settingLimits.uploadChunkSizeMb),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const defaultAppSettings: AppSettings = { theme: 'system', retentionDays: 30, uploadConcurrency: 4, uploadChunkSizeMb: 64 };
