import type { ParsedInput, RequestName, RequestOutput } from './contract';

/**
 * The handler table: a mapped type over the contract.
 * Why: a request without a handler is a compile error, not a runtime surprise.
 */
export type Handlers<Ctx> = {
  [N in RequestName]: (input: ParsedInput<N>, ctx: Ctx) => Promise<RequestOutput<N>>;
};
