import type { ValidateFunction } from 'ajv';
import { createXdmAjv } from './ajv-instance';

/**
 * Ajv's compiled functions for a JSON Schema, kept per schema text.
 * Why: compiling an XDM schema costs hundreds of milliseconds (two Ajv instances, one that stops
 * at the first error and one that lists them all), and the same schema is compiled again for every
 * preview the mapping screen asks for and every prepare a thread runs. The compiled functions are
 * pure, so one compilation serves every later call with the same schema text. The all-errors one
 * is compiled only when first asked for: it runs on invalid records alone.
 */

export interface CompiledSchema {
  /** Answers valid or not, stopping at the first error. */
  quick: ValidateFunction;
  /** Lists every error; compiled on the first call. */
  full(): ValidateFunction;
}

/** Schemas kept; the oldest is dropped beyond this (a session works with a handful of schemas). */
export const CACHED_SCHEMAS = 16;

const cache = new Map<string, CompiledSchema>();

export function compiledSchema(ajvSchema: object): CompiledSchema {
  const key = JSON.stringify(ajvSchema);
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last, so the oldest unused is dropped first.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  let full: ValidateFunction | undefined;
  const compiled: CompiledSchema = {
    quick: createXdmAjv(false).compile(ajvSchema),
    full: () => (full ??= createXdmAjv(true).compile(ajvSchema)),
  };
  cache.set(key, compiled);
  if (cache.size > CACHED_SCHEMAS) cache.delete(cache.keys().next().value as string);
  return compiled;
}
