import type { Handlers } from '../../src-shared/ipc/handlers';
import { createFileWorkClient, type FileWorkClient } from '../core/workers/index';
import type { RequestContext } from './context';
import { PreparedOutputs } from './jobs/prepared-outputs';
import { type AppHandlerDeps, appHandlers } from './handlers/app';
import { type ConnectionHandlerDeps, connectionHandlers } from './handlers/connections';
import { type IngestHandlerDeps, ingestHandlers } from './handlers/ingest';
import { type PrepareHandlerDeps, prepareHandlers } from './handlers/prepare';
import { profileHandlers } from './handlers/profiles';

export { withUserFileName } from './handlers/app';

/**
 * Everything the handler fragments need, injected by the composition root (or a test).
 * `work` is optional: without one the table starts its own file worker on first use. Why the
 * composition root passes its own: it closes the worker on dispose; an unowned one only ends with
 * the process (it never keeps a process alive while idle). `prepared` (what finished prepare jobs
 * made, shared by the prepare and ingest handlers) is made here when not given.
 */
export type HandlerDeps = Omit<AppHandlerDeps & ConnectionHandlerDeps & PrepareHandlerDeps & IngestHandlerDeps, 'work' | 'prepared'> & {
  work?: FileWorkClient;
  prepared?: PreparedOutputs;
};

/**
 * The handler table: one function per request in the contract, composed from one fragment per domain.
 * Why fragments spread into one object: each domain keeps its handlers in `handlers/<domain>.ts`,
 * and the return type (a mapped type over the whole contract) still refuses to compile while any
 * request is left without a handler. A new domain adds its fragment here, in one line.
 */
export function createHandlers(deps: HandlerDeps): Handlers<RequestContext> {
  const full = { ...deps, work: deps.work ?? createFileWorkClient(), prepared: deps.prepared ?? new PreparedOutputs() };
  return {
    ...appHandlers(full),
    ...connectionHandlers(full),
    ...prepareHandlers(full),
    ...ingestHandlers(full),
    ...profileHandlers(full),
  };
}
