/**
 * The route schemas' validators, compiled once per process and shared by every sandbox server.
 *
 * Why: fastify's own compiler makes a new Ajv for each server and compiles every route schema of
 * every family again, about half of a warm `startSandbox`'s CPU. A process starts many servers:
 * the CLI's `sandbox` after a restart, the embedded sandbox after each reset, and the unit tests,
 * where this compilation was the largest single cost of test:fast (6 of its CPU seconds). A
 * validator depends on its schema and the Ajv options alone, so a schema with the same text gets
 * the validator already compiled.
 *
 * The options are fastify's defaults (`@fastify/ajv-compiler`: no coercion, defaults or removal
 * here, `addUsedSchema: false`, ajv-formats) with the sandbox's own: a client's wrong type is
 * reported, not converted, as AEP does; `verbose`, so a refusal can quote what the failing schema
 * wants (`framework-errors.ts`); a union of types (a query parameter is text, or a list when
 * repeated). Tuples are not strict: the Profile Access route reads a repeated parameter's first
 * value (`items: [first]` and any number after it), which Ajv's strict mode would print a warning
 * about at every compile.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** What fastify hands a validator compiler for one part of one route. */
interface RouteSchema {
  schema: unknown;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator of `schema`, compiled at its first use in this process. */
function validatorOf({ schema }: RouteSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  const known = compiled.get(key);
  if (known) return known;
  ajv ??= addFormats(
    new Ajv({
      coerceTypes: false,
      removeAdditional: false,
      useDefaults: false,
      allErrors: true,
      verbose: true,
      allowUnionTypes: true,
      strictTuples: false,
      addUsedSchema: false,
    }),
  );
  const validate = ajv.compile(schema as object);
  compiled.set(key, validate);
  return validate;
}

/**
 * fastify's `schemaController.compilersFactory.buildValidator`: the shared compiler. A server of
 * the sandbox adds no shared schema (`addSchema`), which a validator compiled for another server
 * could not see; one that did is refused here rather than validated against the wrong schemas.
 */
export function sharedValidators(externalSchemas: Record<string, unknown>): (route: RouteSchema) => ValidateFunction {
  const shared = Object.keys(externalSchemas);
  if (shared.length > 0) throw new Error(`The sandbox's route validators are shared between servers and take no shared schema: ${shared.join(', ')}`);
  return validatorOf;
}
