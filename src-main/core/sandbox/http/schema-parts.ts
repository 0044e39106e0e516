/**
 * Pieces of the route schemas (JSON Schema, checked by fastify before a route runs) that several
 * families need: a query parameter and a word in any letter case.
 *
 * A `description` on a schema is what a client is told it must be ("query parameter limit must be
 * an integer from 1 to 100"), so say it as the guide would; `framework-errors.ts` reads it.
 */

/**
 * A query parameter whose text must match `pattern`. A parameter given more than once arrives as a
 * list, and every value must match, so a route that reads the first one never meets a bad one.
 */
export function queryValue(pattern: string, description: string): Record<string, unknown> {
  const one = { type: 'string', pattern, description };
  return { type: ['string', 'array'], pattern, items: one, description };
}

/** The first value of every parameter: what a route reads of the `queryValue` parameters it was given. */
export function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, Array.isArray(value) ? value[0] : value]));
}

/** A pattern for one of `words` in any letter case: AEP reads `action=complete` as `COMPLETE`. */
export function anyCase(words: readonly string[]): string {
  const letters = (w: string): string => [...w].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');
  return `^(?:${words.map(letters).join('|')})$`;
}
