import type { z } from 'zod';
import { AppError, isAppError } from '../../src-shared/domain/errors';
import type { Envelope, RequestName } from '../../src-shared/ipc/contract';
import { isRequestName, requests } from '../../src-shared/ipc/contract';
import type { Handlers } from '../../src-shared/ipc/handlers';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src-shared/domain/json-depth';

/**
 * Deepest nesting a request input may have: a schema or mapping's own limit, plus the few levels
 * of the request around it. Why checked before anything: zod, the handlers and the structured
 * clone to a worker recurse, and an input nested a hundred thousand levels deep overflowed the
 * stack there ("internal error"); the walk here is iterative and stops at the limit.
 */
export const MAX_INPUT_DEPTH = MAX_JSON_DEPTH + 8;

export interface RouterOptions {
  /**
   * Whether handler results are checked against the contract's output schema.
   * Defaults to on unless NODE_ENV is 'production': a handler that returns the wrong shape is
   * a bug to catch in development and tests, not something to ship to the renderer silently.
   */
  validateOutput?: boolean;
  /** Where unexpected failures are logged with their stack (main's console by default). */
  logError?: (message: string, error: unknown) => void;
}

export interface Router<Ctx> {
  handle(name: unknown, input: unknown, ctx: Ctx): Promise<Envelope<unknown>>;
}

/** The message the renderer sees for anything unexpected; details stay in main's log. */
export const INTERNAL_MESSAGE = 'Something went wrong inside XDM Loader. The details are in the application log.';

/**
 * The transport-agnostic request router.
 * Why: every transport (Electron IPC, browser-mode WebSocket) calls this one function, so
 * every request is validated against the contract the same way, and every failure reaches the
 * renderer as an envelope with a code and a place, never as a thrown error that loses its
 * fields (or leaks a stack) on the way.
 */
export function createRouter<Ctx>(handlers: Handlers<Ctx>, options: RouterOptions = {}): Router<Ctx> {
  const validateOutput = options.validateOutput ?? process.env['NODE_ENV'] !== 'production';
  const logError = options.logError ?? ((message, error) => console.error(`[ipc] ${message}`, error));

  async function run<N extends RequestName>(name: N, input: unknown, ctx: Ctx): Promise<Envelope<unknown>> {
    const contract = requests[name];
    if (nestsDeeperThan(input, MAX_INPUT_DEPTH))
      return {
        ok: false,
        error: new AppError('INVALID_INPUT', `The request input is nested deeper than ${MAX_INPUT_DEPTH} levels (objects and arrays).`).toShape(),
      };
    const parsed = contract.input.safeParse(input);
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };

    const handler = handlers[name] as (input: unknown, ctx: Ctx) => Promise<unknown>;
    let value: unknown;
    try {
      value = await handler(parsed.data, ctx);
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toShape() };
      logError(`request ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
    }

    if (validateOutput) {
      const checked = (contract.output as z.ZodType).safeParse(value);
      if (!checked.success) {
        logError(`request ${name} returned a value outside the contract`, checked.error);
        return { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } };
      }
      return { ok: true, value: checked.data };
    }
    return { ok: true, value };
  }

  return {
    async handle(name, input, ctx) {
      if (!isRequestName(name)) {
        const shown = typeof name === 'string' ? `"${name.slice(0, 100)}"` : `a ${name === null ? 'null' : typeof name} name`;
        return { ok: false, error: { code: 'UNKNOWN_REQUEST', message: `There is no request called ${shown}.` } };
      }
      return run(name, input, ctx);
    },
  };
}

/**
 * The first validation issue as an INVALID_INPUT error naming the failing input path.
 * Why only the first: the renderer shows one message next to one field; the path is exact.
 */
function invalidInput(error: z.ZodError): ReturnType<AppError['toShape']> {
  const issue = error.issues[0];
  if (!issue) return new AppError('INVALID_INPUT', 'The request input is invalid.').toShape();
  const segments: PropertyKey[] = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) segments.push(issue.keys[0]);
  const field = formatPath(segments);
  const message = field ? `${field}: ${issue.message}` : `The request input is invalid: ${issue.message}`;
  return new AppError('INVALID_INPUT', message, field ? { field } : undefined).toShape();
}

/** `['rows', 0, 'name']` → `rows[0].name`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}
