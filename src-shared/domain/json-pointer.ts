/**
 * A JSON pointer (RFC 6901, as AEP's validators report a field: `#/items/0/SKU`) as the field
 * path every screen shows: `items[0].SKU`.
 * Why this form: it is how the app writes mapping destinations (`identityMap.Email[0].id`) and
 * how the validation summaries group a field's issues (`items[].SKU`), so a field reads the same
 * on the Map step, in streaming results and in a batch's failed records.
 * Empty for the record as a whole (`#`, `''`, none); escapes (`~1` for `/`, `~0` for `~`) are undone.
 */
export function fieldPathOfPointer(pointer: string | undefined): string {
  if (pointer === undefined) return '';
  return pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}
