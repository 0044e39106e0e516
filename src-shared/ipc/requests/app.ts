import { z } from 'zod';
import { AppInfo } from '../../domain/app-info';
import { FileRef } from '../../domain/files';
import { FileInspection } from '../../domain/inspection';
import { ReadSettings } from '../../domain/read-settings';
import { XdmTermId } from '../../xdm/xdm-terms';
import type { RequestMap } from '../request-map';

/** The app itself, file inspection (the foundation's requests) and the documentation of XDM terms. */
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
  /**
   * Opens the documentation page of an XDM term (xdm-terms.ts) in the system browser.
   * Why by term and not by address: main opens only the pages of its own table, so no screen can
   * make it open an arbitrary URL. `opened: false` where main cannot (browser mode: the page's
   * own link opens it there).
   */
  'help.openDocs': {
    input: z.object({ term: XdmTermId }).strict(),
    output: z.object({ opened: z.boolean() }),
  },
} as const satisfies RequestMap;
