import { z } from 'zod';
import { AppInfo } from '../../domain/app-info';
import { FileRef } from '../../domain/files';
import { FileInspection } from '../../domain/inspection';
import { ReadSettings } from '../../domain/read-settings';
import type { RequestMap } from '../request-map';

/** The app itself and file inspection (the foundation's requests). */
export const appRequests = {
  'app.info': {
    input: z.object({}).strict(),
    output: AppInfo,
  },
  'files.inspect': {
    input: z
      .object({
        fileRef: FileRef,
        maxRows: z.number().int().min(1).max(1000).default(100),
        /** The steward's read settings (File step): the inspection reads the file with them. */
        read: ReadSettings.optional(),
      })
      .strict(),
    output: FileInspection,
  },
} as const satisfies RequestMap;
