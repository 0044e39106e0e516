import { z } from 'zod';

/**
 * A count, size or timestamp as AEP's answers write it: a number, or the same number in a string
 * (the Data Access spec types `length`, `records` and `size` as strings; the Streaming spec's own
 * example writes `receivedTimeMs` as one). Anything else reads as unknown instead of failing.
 * Why lenient: these fields are informative; Adobe's documented answers put placeholders there
 * (`"length": "{LENGTH}"`), and a listing must stay usable when one is not a number.
 */
export const wireNumber = z.union([z.number(), z.string()]).transform((value) => {
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
});
