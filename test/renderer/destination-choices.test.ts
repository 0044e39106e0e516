import { describe, expect, it } from 'vitest';
import { destinationChoices } from '../../src-renderer/features/mapping/destination-choices';
import { leafFields } from '../../src-shared/xdm/field-tree';
import { experienceEventSchema } from '../core/xdm/helpers';

describe('the destinations the Map step lists (issue 15: an element by index)', () => {
  it('lists array fields by element, first and second, never with [] (which a rule cannot write)', () => {
    const choices = destinationChoices(leafFields(experienceEventSchema().tree));
    expect(choices).toEqual(expect.arrayContaining(['_id', 'timestamp', 'productListItems[0].SKU', 'productListItems[1].SKU', 'productListItems[0].priceTotal']));
    expect(choices.some((c) => c.includes('[]'))).toBe(false);
    // A nested array is offered at its first element under each listed outer element.
    expect(choices).toContain('productListItems[1].selectedOptions[0].attribute');
    expect(new Set(choices).size).toBe(choices.length);
  });
});
