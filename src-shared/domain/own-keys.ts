/**
 * Reading and writing object keys that come from user text.
 * Why: column names, record keys, XDM field names and identity namespaces are the user's, and
 * `constructor`, `toString` or `__proto__` are names like any other to them. A plain object
 * answers `obj.constructor` with Object's function and turns `obj.__proto__ = x` into a change
 * of prototype; these helpers look only at the object's own keys and always create an own key.
 */

/** The value `object` holds under `key` itself; undefined when the key is only inherited. */
export function ownValue(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** Sets `key` as `object`'s own enumerable property (for `__proto__` too). */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** True when plain property access to `key` could reach something of Object.prototype. */
export function isPrototypeKey(key: string): boolean {
  return key in Object.prototype;
}

/** `object`'s own value under `key`, first set to `create()` when it has none (`??=` for user keys). */
export function ownOrAdd<T>(object: object, key: string, create: () => T): T {
  if (Object.hasOwn(object, key)) return (object as Record<string, T>)[key] as T;
  const value = create();
  setOwn(object as Record<string, unknown>, key, value);
  return value;
}
