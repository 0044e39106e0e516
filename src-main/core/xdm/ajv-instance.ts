import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * An Ajv configured for XDM.
 * Why these settings: `strict: false` because of the `meta:*` keywords, `allErrors` (by default) because a
 * reject report lists every reason, and the non-standard `url` format (37 uses in the standard
 * library) registered like `uri` so it is checked rather than ignored (xdm-notes §3).
 * `ownProperties` because field names are the user's: without it a record without a field
 * named `toString` "has" one (Object's function) and fails as "must be string".
 */
export function createXdmAjv(allErrors = true): Ajv {
  const ajv = new Ajv({ strict: false, allErrors, validateSchema: false, addUsedSchema: false, ownProperties: true });
  addFormats(ajv);
  const uri = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
  ajv.addFormat('url', uri);
  return ajv;
}
