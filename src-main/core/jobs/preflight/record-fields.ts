import { flattenFields, type XdmField, type XdmFieldTree } from '../../../../src-shared/xdm/field-tree';

/**
 * The fields records carry that a schema lacks (`consents`, `productListItems[].SKU`).
 * Why from the records and not from schema ids: a mapping made against the standard composition,
 * or another sandbox's copy of a schema, has no id to compare, yet AEP refuses every record that
 * carries a key its dataset's schema does not have ("extraneous key [consents] is not permitted").
 * The first missing level is named (`consents`, not each of its leaves): that is what to add or drop.
 */
export class MissingFields {
  private readonly fields: Map<string, XdmField>;
  private readonly missing = new Set<string>();
  private topLevelKnown = false;

  constructor(tree: XdmFieldTree) {
    this.fields = new Map(flattenFields(tree).map((f) => [f.path, f]));
  }

  /** Notes the keys of one record the schema has no field for. */
  add(record: Record<string, unknown>): void {
    this.walk(record, '');
  }

  /**
   * Whether any record read had a top-level key the schema knows.
   * Why: when none has, the file is not XDM at all (a flat table uploaded as is), and the
   * steward must hear that, not a list of "missing" fields that were never meant to be XDM.
   */
  sharesTopLevelFields(): boolean {
    return this.topLevelKnown;
  }

  /** Missing paths in the order first met; array items are written `[]`. */
  paths(): string[] {
    return [...this.missing];
  }

  private walk(value: Record<string, unknown>, base: string): void {
    for (const key of Object.keys(value)) {
      const path = base === '' ? key : `${base}.${key}`;
      const field = this.fields.get(path);
      const child = value[key];
      if (!field) {
        if (child !== null && child !== undefined) this.missing.add(path);
        continue;
      }
      if (base === '') this.topLevelKnown = true;
      if (field.type === 'object' && isObject(child)) this.walk(child, path);
      else if (field.type === 'array' && Array.isArray(child)) for (const item of child) if (isObject(item)) this.walk(item, `${path}[]`);
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
