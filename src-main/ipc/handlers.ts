import type { Handlers } from '../../src-shared/ipc/handlers';
import type { RequestContext } from './context';
import { type AppHandlerDeps, appHandlers } from './handlers/app';
import { type ConnectionHandlerDeps, connectionHandlers } from './handlers/connections';
import { type PrepareHandlerDeps, prepareHandlers } from './handlers/prepare';

export { withUserFileName } from './handlers/app';

/** Everything the handler fragments need, injected by the composition root (or a test). */
export type HandlerDeps = AppHandlerDeps & ConnectionHandlerDeps & PrepareHandlerDeps;

/**
 * The handler table: one function per request in the contract, composed from one fragment per domain.
 * Why fragments spread into one object: each domain keeps its handlers in `handlers/<domain>.ts`,
 * and the return type (a mapped type over the whole contract) still refuses to compile while any
 * request is left without a handler. A new domain adds its fragment here, in one line.
 */
export function createHandlers(deps: HandlerDeps): Handlers<RequestContext> {
  return {
    ...appHandlers(deps),
    ...connectionHandlers(deps),
    ...prepareHandlers(deps),
  };
}
