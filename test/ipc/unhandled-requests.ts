import { AppError } from '../../src-shared/domain/errors';
import { requestNames } from '../../src-shared/ipc/contract';
import type { Handlers } from '../../src-shared/ipc/handlers';

/**
 * A full handler table whose every entry fails with INTERNAL; tests spread the handlers they care
 * about over it.
 * Why: the table is a mapped type over the whole contract, so a transport test that only needs
 * `app.info` would otherwise have to be edited each time a domain adds requests.
 */
export function unhandledRequests<Ctx>(): Handlers<Ctx> {
  const entries = requestNames.map((name) => [
    name,
    async () => {
      throw new AppError('INTERNAL', `${name} is not handled in this test.`);
    },
  ]);
  return Object.fromEntries(entries) as Handlers<Ctx>;
}
