import type { CallOptions } from '../../core/workers/index';
import type { RequestContext } from '../context';

/** A worker call stops when the window or socket that asked for it goes away. */
export function callOptions(ctx: RequestContext): CallOptions {
  return ctx.signal ? { signal: ctx.signal } : {};
}
