import type { z } from 'zod';

/** The shape of one entry of the contract: a zod schema for the input and one for the output. */
export interface RequestSpec {
  input: z.ZodType;
  output: z.ZodType;
}

/** A fragment of the contract: request names (`domain.verb`) to their specs. */
export type RequestMap = Record<string, RequestSpec>;
