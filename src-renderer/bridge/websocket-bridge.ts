import { AppErrorShape } from '../../src-shared/domain/errors';
import type { DroppedFile, Envelope, RequestInput, RequestName, RequestOutput, XdmBridge } from '../../src-shared/ipc/contract';
import { AppEvent, RegisteredFile } from '../../src-shared/ipc/contract';
import { TOKEN_HEADER } from '../../src-shared/ipc/ws-protocol';
import { failure, UNREACHABLE_MESSAGE } from './envelopes';

/** The part of a WebSocket the bridge uses; the DOM WebSocket and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** What the bridge wants to hear from a socket it opened. */
export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
}

/** Opens a socket and wires its events to `handlers`. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** The browser's own WebSocket. */
export const domSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => handlers.message(event.data);
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  return socket;
};

export interface WebSocketBridgeOptions {
  /** The per-run token the server printed (the page gets it from its URL fragment). */
  token: string;
  /** `ws://127.0.0.1:PORT/ws`; the token is added as `?token=`. */
  socketUrl: string;
  /** Where `/files` lives: '' for the page's own origin, `http://127.0.0.1:PORT` in Node tests. */
  httpOrigin?: string;
  createSocket?: SocketFactory;
  fetch?: typeof fetch;
  /** Delays between reconnection attempts while someone listens to events; the last repeats. */
  reconnectDelaysMs?: readonly number[];
}

/** The socket's readyState when open (same in the DOM and in `ws`). */
const OPEN = 1;
const NO_TOKEN_MESSAGE = 'This page was opened without its access token: open the URL XDM Loader printed (it ends in #token=…).';

type PendingReply = (envelope: Envelope<unknown>) => void;

/**
 * XdmBridge over browser mode's WebSocket.
 * Why it never rejects: like the Electron preload, every request resolves to an envelope; a
 * connection that drops turns each request in flight into an UNREACHABLE error, and the next
 * request (or an event listener) connects again.
 */
export class WebSocketBridge implements XdmBridge {
  readonly #options: WebSocketBridgeOptions;
  readonly #createSocket: SocketFactory;
  readonly #fetch: typeof fetch;
  readonly #pending = new Map<number, PendingReply>();
  readonly #listeners = new Set<(event: AppEvent) => void>();
  #socket: SocketLike | null = null;
  #opening: Promise<SocketLike> | null = null;
  #nextId = 1;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #disposed = false;

  constructor(options: WebSocketBridgeOptions) {
    this.#options = options;
    this.#createSocket = options.createSocket ?? domSocketFactory;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Envelope<RequestOutput<N>>> {
    if (!this.#options.token) return failure('UNAUTHORIZED', NO_TOKEN_MESSAGE);
    let socket: SocketLike;
    try {
      socket = await this.#connect();
    } catch (error) {
      return failure('UNREACHABLE', error instanceof Error ? error.message : UNREACHABLE_MESSAGE);
    }
    // A socket that closed after opening drops sends silently: answer now rather than never.
    if (socket.readyState !== OPEN) return failure('UNREACHABLE', UNREACHABLE_MESSAGE);
    const id = this.#nextId++;
    const reply = new Promise<Envelope<unknown>>((resolve) => this.#pending.set(id, resolve));
    try {
      socket.send(JSON.stringify({ id, type: 'request', name, input }));
    } catch {
      this.#pending.delete(id);
      return failure('UNREACHABLE', UNREACHABLE_MESSAGE);
    }
    // The server validated the output against the contract before sending it.
    return (await reply) as Envelope<RequestOutput<N>>;
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    const entry = (event: AppEvent): void => listener(event);
    this.#listeners.add(entry);
    if (this.#options.token) this.#connect().catch(() => this.#scheduleReconnect());
    return () => {
      this.#listeners.delete(entry);
    };
  }

  async registerFile(file: DroppedFile): Promise<Envelope<RegisteredFile>> {
    if (!this.#options.token) return failure('UNAUTHORIZED', NO_TOKEN_MESSAGE);
    if (!(file instanceof Blob)) return failure('INVALID_INPUT', 'Only files dropped on or chosen in the page can be registered.');
    let response: Response;
    try {
      // The file's own time travels with it, so main can tell a draft's file from an edited one.
      const modified = 'lastModified' in file && typeof file.lastModified === 'number' ? `&modified=${Math.trunc(file.lastModified)}` : '';
      response = await this.#fetch(`${this.#options.httpOrigin ?? ''}/files?name=${encodeURIComponent(file.name)}${modified}`, {
        method: 'POST',
        body: file,
        headers: { [TOKEN_HEADER]: this.#options.token, 'content-type': 'application/octet-stream' },
      });
    } catch {
      return failure('UNREACHABLE', `${file.name} could not be sent: ${UNREACHABLE_MESSAGE}`, { file: file.name });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return failure('REMOTE_ERROR', `The upload of ${file.name} got an unreadable answer (HTTP ${response.status}).`, { file: file.name });
    }
    if (response.ok) {
      const registered = RegisteredFile.safeParse(body);
      if (registered.success) return { ok: true, value: registered.data };
      return failure('REMOTE_ERROR', `The upload of ${file.name} got an unexpected answer.`, { file: file.name });
    }
    const error = typeof body === 'object' && body !== null && 'error' in body ? AppErrorShape.safeParse(body.error) : null;
    if (error?.success) return { ok: false, error: error.data };
    return failure('REMOTE_ERROR', `The upload of ${file.name} failed (HTTP ${response.status}).`, { file: file.name });
  }

  /** Closes the connection for good: pending requests become UNREACHABLE, no reconnection. */
  dispose(): void {
    this.#disposed = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.#listeners.clear();
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'page closed');
    this.#failPending();
  }

  #connect(): Promise<SocketLike> {
    if (this.#disposed) return Promise.reject(new Error(UNREACHABLE_MESSAGE));
    if (this.#socket && this.#socket.readyState === OPEN) return Promise.resolve(this.#socket);
    this.#opening ??= new Promise<SocketLike>((resolve, reject) => {
      const url = `${this.#options.socketUrl}?token=${encodeURIComponent(this.#options.token)}`;
      let opened = false;
      let socket: SocketLike | null = null;
      const handlers: SocketHandlers = {
        open: () => {
          if (!socket) return;
          opened = true;
          this.#attempt = 0;
          this.#socket = socket;
          this.#opening = null;
          resolve(socket);
        },
        message: (data) => this.#receive(data),
        close: (_code, reason) => {
          if (!opened) {
            this.#opening = null;
            reject(new Error(`XDM Loader refused or dropped the connection${reason ? `: ${reason}` : ''}. If it was restarted, open the new URL it printed.`));
          }
          if (this.#socket === socket) this.#socket = null;
          this.#failPending();
          if (this.#listeners.size > 0) this.#scheduleReconnect();
        },
      };
      try {
        socket = this.#createSocket(url, handlers);
      } catch {
        this.#opening = null;
        reject(new Error(UNREACHABLE_MESSAGE));
      }
    });
    return this.#opening;
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || !('type' in message)) return;
    if (message.type === 'reply' && 'id' in message && typeof message.id === 'number' && 'envelope' in message) {
      const resolve = this.#pending.get(message.id);
      if (!resolve) return;
      this.#pending.delete(message.id);
      resolve(isEnvelope(message.envelope) ? message.envelope : failure('REMOTE_ERROR', 'XDM Loader sent a reply the page does not understand.'));
    } else if (message.type === 'event' && 'event' in message) {
      const event = AppEvent.safeParse(message.event);
      if (!event.success) return;
      for (const listener of [...this.#listeners]) {
        try {
          listener(event.data);
        } catch (error) {
          console.error('An event listener failed:', error);
        }
      }
    }
  }

  #failPending(): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const resolve of pending) resolve(failure('UNREACHABLE', UNREACHABLE_MESSAGE));
  }

  #scheduleReconnect(): void {
    if (this.#disposed || this.#reconnectTimer || this.#listeners.size === 0) return;
    const delays = this.#options.reconnectDelaysMs ?? [250, 500, 1000, 2000, 5000];
    const delay = delays[Math.min(this.#attempt, delays.length - 1)] ?? 1000;
    this.#attempt += 1;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect().catch(() => this.#scheduleReconnect());
    }, delay);
  }
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && 'error' in value && AppErrorShape.safeParse(value.error).success;
}
