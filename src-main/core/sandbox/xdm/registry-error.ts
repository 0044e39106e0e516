/**
 * A Schema Registry refusal: the XDM error code and HTTP status it answers with.
 *
 * The store raises it without knowing HTTP; the registry routes render it in the registry's problem
 * shape. Its own module so the store's helpers can raise it without importing the store.
 */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** AEP's not-found for a registry resource (`XDM-1012-404`, the spec's `notFoundError`). */
export function notFound(id: string): RegistryError {
  return new RegistryError(404, 'XDM-1012-404', 'Resource Not Found', `The requested resource ${id} was not found`);
}
