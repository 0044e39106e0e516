import { describe, expect, it } from 'vitest';
import { destinationChoices, isSchemaDestination } from '../../src-renderer/features/mapping/destination-choices';
import { leafFields } from '../../src-shared/xdm/field-tree';
import { experienceEventSchema } from '../core/xdm/helpers';

const leaves = leafFields(experienceEventSchema().tree);
const leafPaths = new Set(leaves.map((l) => l.path));

describe('the destinations the Map step lists (issue 15: an element by index)', () => {
  it('lists array fields by element, first and second, never with [] (which a rule cannot write)', () => {
    const choices = destinationChoices(leaves);
    expect(choices).toEqual(
      expect.arrayContaining(['_id', 'timestamp', 'productListItems[0].SKU', 'productListItems[1].SKU', 'productListItems[0].priceTotal']),
    );
    expect(choices.some((c) => c.includes('[]'))).toBe(false);
    // A nested array is offered at its first element under each listed outer element.
    expect(choices).toContain('productListItems[1].selectedOptions[0].attribute');
    expect(new Set(choices).size).toBe(choices.length);
  });

  it('adds every field of the element being typed, at any index, so several columns can fill that one element', () => {
    expect(destinationChoices(leaves)).not.toContain('productListItems[2].SKU');
    const typed = destinationChoices(leaves, 'productListItems[2].');
    expect(typed).toEqual(
      expect.arrayContaining([
        'productListItems[2].SKU',
        'productListItems[2].quantity',
        'productListItems[2].priceTotal',
        'productListItems[2].selectedOptions[0].attribute',
      ]),
    );
    expect(destinationChoices(leaves, 'productListItems[12].selectedOptions[3].at')).toContain('productListItems[12].selectedOptions[3].attribute');
    expect(new Set(typed).size).toBe(typed.length);
  });

  it('takes typed text that names a schema field at any element, and nothing else', () => {
    expect(isSchemaDestination('productListItems[2].SKU', leafPaths)).toBe(true);
    expect(isSchemaDestination('productListItems[17].quantity', leafPaths)).toBe(true);
    expect(isSchemaDestination('timestamp', leafPaths)).toBe(true);
    expect(isSchemaDestination('productListItems[].SKU', leafPaths)).toBe(false);
    expect(isSchemaDestination('productListItems[x].SKU', leafPaths)).toBe(false);
    expect(isSchemaDestination('productListItems[2]', leafPaths)).toBe(false);
    expect(isSchemaDestination('productListItems[2].nope', leafPaths)).toBe(false);
    expect(isSchemaDestination('timestamp[0]', leafPaths)).toBe(false);
  });
});
