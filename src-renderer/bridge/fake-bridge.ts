import { AppError } from '../../src-shared/domain/errors';
import type {
  AppEvent,
  AppInfo,
  DroppedFile,
  Envelope,
  ParsedInput,
  RegisteredFile,
  RequestInput,
  RequestName,
  RequestOutput,
  XdmBridge,
} from '../../src-shared/ipc/contract';
import { requests } from '../../src-shared/ipc/contract';
import { failure } from './envelopes';

/** Answers one request in a fake bridge; throw an AppError to answer with an error envelope. */
export type FakeResponder<N extends RequestName> = (input: ParsedInput<N>) => RequestOutput<N> | Promise<RequestOutput<N>>;
export type FakeResponders = { [N in RequestName]?: FakeResponder<N> };

export interface FakeBridgeOptions {
  responders?: FakeResponders;
  /** What 'app.info' answers unless a responder overrides it. */
  appInfo?: AppInfo;
}

export interface FakeCall {
  name: RequestName;
  input: unknown;
}

export interface FakeBridge extends XdmBridge {
  /** Every request made, in order, with its input as sent. */
  readonly calls: readonly FakeCall[];
  /** Every file registered, in order. */
  readonly registered: readonly RegisteredFile[];
  /** Sets (or replaces) how one request is answered. */
  respond<N extends RequestName>(name: N, responder: FakeResponder<N>): void;
  /** Delivers an event to every listener, synchronously. */
  emit(event: AppEvent): void;
  readonly listenerCount: number;
}

export const fakeAppInfo: AppInfo = {
  name: 'XDM Loader',
  version: '0.0.0-test',
  mode: 'browser',
  platform: 'linux',
  dataDir: '/tmp/xdm-loader-test',
};

/**
 * An in-memory XdmBridge for renderer state tests.
 * Why it validates like main does: a store that sends input main would refuse should fail in
 * its own test with the same INVALID_INPUT, and a responder returning the wrong shape is a
 * broken test. Deterministic: file refs count up (`f_fake00000001`), nothing depends on time.
 */
export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const responders: Map<RequestName, (input: unknown) => unknown> = new Map();
  const calls: FakeCall[] = [];
  const registered: RegisteredFile[] = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const info = options.appInfo ?? fakeAppInfo;

  function setResponder<N extends RequestName>(name: N, responder: FakeResponder<N>): void {
    responders.set(name, (input) => responder(input as ParsedInput<N>));
  }
  setResponder('app.info', () => info);
  for (const name of Object.keys(options.responders ?? {}) as RequestName[]) {
    const responder = options.responders?.[name];
    if (responder) responders.set(name, responder as (input: unknown) => unknown);
  }

  async function request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<Envelope<RequestOutput<N>>> {
    calls.push({ name, input });
    const contract = requests[name];
    const parsed = contract.input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Same path format as main's router: `rows[0].name`.
      const field = (issue?.path ?? []).reduce<string>(
        (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${String(segment)}` : String(segment)),
        '',
      );
      return failure('INVALID_INPUT', `${field || 'input'}: ${issue?.message ?? 'invalid'}`, field ? { field } : undefined);
    }
    const responder = responders.get(name);
    if (!responder) return failure('UNKNOWN_REQUEST', `The fake bridge has no answer for ${name}; give it one with respond().`);
    try {
      const value = await responder(parsed.data);
      const checked = contract.output.safeParse(value);
      if (!checked.success) throw new Error(`Fake responder for ${name} returned a value outside the contract: ${checked.error.message}`);
      return { ok: true, value: checked.data as RequestOutput<N> };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      throw error;
    }
  }

  return {
    request,
    onEvent(listener) {
      const entry = (event: AppEvent): void => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    async registerFile(file: DroppedFile) {
      const fileRef = `f_fake${String(registered.length + 1).padStart(8, '0')}`;
      const value: RegisteredFile = { fileRef, name: file.name, size: file.size };
      registered.push(value);
      return { ok: true, value };
    },
    respond: setResponder,
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
    get calls() {
      return calls;
    },
    get registered() {
      return registered;
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
