import { fieldPathOf, parseDestinationPath } from '../../../src-shared/mapping/destination-path';
import { destinationOf } from '../../../src-shared/mapping/suggest-mapping';
import type { XdmField } from '../../../src-shared/xdm/field-tree';

/** Elements offered per array before anything is typed: the first, and a second for a row that holds two (`…[1].SKU`). */
const ELEMENTS = [0, 1];

/** The array elements a typed destination names (`a[2].b[0].c` → `a[2]`, `a[2].b[0]`). */
function typedElements(typed: string): string[] {
  const out: string[] = [];
  for (const m of typed.matchAll(/\[\d+\]/g)) out.push(typed.slice(0, (m.index ?? 0) + m[0].length));
  return out;
}

/**
 * The destinations the list offers for the schema's leaves: each array field at its first and
 * second element (`productListItems[0].SKU`, `productListItems[1].SKU`); deeper arrays at their first.
 * What is being typed adds the element it names: after `productListItems[2].` every field of that
 * third element is listed, so several columns can fill one element whatever its index.
 * Why indexes and not `[]`: a destination names one element, and `[]` cannot be written.
 */
export function destinationChoices(leaves: readonly XdmField[], typed = ''): string[] {
  const out: string[] = [];
  for (const leaf of leaves) {
    const first = destinationOf(leaf.path);
    if (!leaf.path.includes('[]')) {
      out.push(first);
      continue;
    }
    for (const n of ELEMENTS) out.push(first.replace('[0]', `[${n}]`));
  }
  for (const element of typedElements(typed)) {
    const arrayPath = fieldPathOf(element);
    for (const leaf of leaves) if (leaf.path.startsWith(arrayPath)) out.push(element + destinationOf(leaf.path.slice(arrayPath.length)));
  }
  return [...new Set(out)];
}

/**
 * Whether typed text names a field the schema has: any element index of an array field
 * (`productListItems[7].SKU`), never the field-tree form `[]`, never an object or an unknown path.
 */
export function isSchemaDestination(text: string, leafPaths: ReadonlySet<string>): boolean {
  try {
    parseDestinationPath(text);
  } catch {
    return false;
  }
  return !text.includes('[]') && leafPaths.has(fieldPathOf(text));
}
