import type { RequestName } from '../../../src-shared/ipc/contract';
import type { Handlers } from '../../../src-shared/ipc/handlers';
import type { RequestContext } from '../context';

/**
 * The handlers of some of the contract's requests: one domain's fragment of the table.
 * Why: each domain (schemas, datasets, batches, ...) writes its handlers in its own module, and
 * `createHandlers` spreads the fragments into the full table, whose mapped type still proves that
 * no request is left without a handler.
 */
export type HandlerFragment<K extends RequestName> = Pick<Handlers<RequestContext>, K>;

/** Every request of a domain, by its name's prefix: `RequestsOf<'batches'>` is `batches.list | batches.get | ...`. */
export type RequestsOf<Domain extends string> = Extract<RequestName, `${Domain}.${string}`>;
