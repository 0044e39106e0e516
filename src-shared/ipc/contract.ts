import { z } from 'zod';
import type { AppErrorShape } from '../domain/errors';
import { RegisteredFile } from '../domain/files';
import { appRequests } from './requests/app';
import { batchRequests } from './requests/batches';
import { connectionRequests } from './requests/connections';
import { datasetRequests } from './requests/datasets';
import { draftRequests } from './requests/drafts';
import { entityRequests } from './requests/entities';
import { identityRequests } from './requests/identity';
import { jobRequests } from './requests/jobs';
import { mappingRequests } from './requests/mapping';
import { prepareRequests } from './requests/prepare';
import { resultRequests } from './requests/results';
import { settingsRequests } from './requests/settings';
import { schemaRequests } from './requests/schemas';
import { JobEvent } from './job-events';
import { targetRequests } from './requests/targets';
import { uploadRequests } from './requests/uploads';
import type { RequestMap } from './request-map';

/**
 * The one IPC contract between the renderer and main.
 * Why: every transport (Electron IPC, browser-mode WebSocket) and every handler derive their
 * types from this map, and main validates every input against it before any work is done.
 */

export { FileRef, RegisteredFile } from '../domain/files';
export { AppInfo } from '../domain/app-info';

/**
 * Every request, by name (`domain.verb`). Each domain keeps its entries in `requests/<domain>.ts`
 * and is spread in here, so a new capability adds a file and one line.
 */
export const requests = {
  ...appRequests,
  ...connectionRequests,
  ...schemaRequests,
  ...datasetRequests,
  ...identityRequests,
  ...mappingRequests,
  ...prepareRequests,
  ...uploadRequests,
  ...jobRequests,
  ...batchRequests,
  ...entityRequests,
  ...targetRequests,
  ...draftRequests,
  ...resultRequests,
  ...settingsRequests,
} as const satisfies RequestMap;

export type RequestName = keyof typeof requests;
export const requestNames = Object.keys(requests) as RequestName[];
/** What a caller passes (defaults may be omitted). */
export type RequestInput<N extends RequestName> = z.input<(typeof requests)[N]['input']>;
/** What a handler receives (defaults applied, validated). */
export type ParsedInput<N extends RequestName> = z.output<(typeof requests)[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<(typeof requests)[N]['output']>;

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(requests, value);
}

/** Events main pushes to the renderer. */
export const AppEvent = z.discriminatedUnion('type', [
  /** A file chosen through File > Open (or a second launch with a path) was registered. */
  z.object({ type: z.literal('file.opened'), file: RegisteredFile }),
  /** Jobs (prepare, upload, stream): one family, by `kind` and `phase` (job-events.ts). */
  JobEvent,
]);
export type AppEvent = z.infer<typeof AppEvent>;

/** Replies are envelopes: thrown errors lose their fields across Electron IPC, envelopes do not. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
/** The structural part of a DOM File that the bridge needs (src-shared has no DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * What the preload (Electron) or the WebSocket client (browser mode) exposes as `window.xdm`.
 * Exactly these three members: nothing else of Node or Electron reaches the renderer.
 */
export interface XdmBridge {
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Envelope<RequestOutput<N>>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  registerFile(file: DroppedFile): Promise<Envelope<RegisteredFile>>;
}

export { channels } from './channels';
