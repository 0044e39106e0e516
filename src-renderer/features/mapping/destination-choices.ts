import { destinationOf } from '../../../src-shared/mapping/suggest-mapping';
import type { XdmField } from '../../../src-shared/xdm/field-tree';

/** Elements offered per array: the first, and a second for a row that holds two (`…[1].SKU`). */
const ELEMENTS = [0, 1];

/**
 * The destinations the list offers for the schema's leaves: each array field at its first and
 * second element (`productListItems[0].SKU`, `productListItems[1].SKU`); deeper arrays at their first.
 * Why indexes and not `[]`: a destination names one element, and `[]` cannot be written.
 */
export function destinationChoices(leaves: readonly XdmField[]): string[] {
  const out: string[] = [];
  for (const leaf of leaves) {
    const first = destinationOf(leaf.path);
    if (!leaf.path.includes('[]')) {
      out.push(first);
      continue;
    }
    for (const n of ELEMENTS) out.push(first.replace('[0]', `[${n}]`));
  }
  return out;
}
