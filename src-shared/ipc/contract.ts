import { z } from 'zod';
import { AppErrorShape } from '../domain/errors';
import { FileInspection } from '../domain/inspection';

/**
 * The one IPC contract between the renderer and main.
 * Why: every transport (Electron IPC, browser-mode WebSocket) and every handler derive their
 * types from this map, and main validates every input against it before any work is done.
 */

/** An opaque handle on a file main has registered; the renderer never holds paths. */
export const FileRef = z.string().regex(/^f_[A-Za-z0-9_-]{8,64}$/, 'not a file reference');
export type FileRef = z.infer<typeof FileRef>;

export const RegisteredFile = z.object({
  fileRef: FileRef,
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type RegisteredFile = z.infer<typeof RegisteredFile>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const requests = {
  'app.info': {
    input: z.object({}).strict(),
    output: AppInfo,
  },
  'files.inspect': {
    input: z
      .object({
        fileRef: FileRef,
        maxRows: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: FileInspection,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

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
]);
export type AppEvent = z.infer<typeof AppEvent>;

/** Replies are envelopes: thrown errors lose their fields across Electron IPC, envelopes do not. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
export const envelopeOf = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorShape }),
  ]);

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

export const bridgeMembers = ['request', 'onEvent', 'registerFile'] as const;

/** Electron IPC channel names (browser mode uses message types of the same names). */
export const channels = {
  request: 'xdm:request',
  event: 'xdm:event',
  registerFile: 'xdm:register-file',
} as const;
