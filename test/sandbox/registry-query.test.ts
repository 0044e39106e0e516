/**
 * The registry's list parameters (guide appendix): every `property` operator, multi-key `orderby`,
 * `start` strictly after the previous page's last primary value, and `limit` widened over ties so
 * that paging by `start` never skips an item.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-main/core/sandbox/json';
import { filterByProperty, pageOf, type RegistryQuery } from '../../src-main/core/sandbox/routes/registry-query';

const items: JsonObject[] = [
  { title: 'b', version: '1.2', tags: ['x'] },
  { title: 'a', version: '1.10' },
  { title: 'c', version: '2.0', tags: ['y'] },
  { title: 'b', version: '1.0' },
];

function titles(list: JsonObject[]): string[] {
  return list.map((i) => `${String(i.title)}${String(i.version)}`);
}

describe('registry list parameters', () => {
  it('filters with every documented operator, arrays by membership, clauses comma-separated or repeated', () => {
    const f = (property: string | string[]): string[] => titles(filterByProperty(items, { property }));
    expect(f('title==b')).toEqual(['b1.2', 'b1.0']);
    expect(f('title!=b')).toEqual(['a1.10', 'c2.0']);
    expect(f('version>1.2')).toEqual(['c2.0']);
    expect(f('version>=1.2')).toEqual(['b1.2', 'c2.0']);
    expect(f('version<1.2')).toEqual(['a1.10', 'b1.0']);
    expect(f('version<=1.0')).toEqual(['b1.0']);
    expect(f('tags')).toEqual(['b1.2', 'c2.0']);
    expect(f('tags==y')).toEqual(['c2.0']);
    expect(f('title==b,version==1.0')).toEqual(['b1.0']);
    expect(f(['title==b', 'version==1.2'])).toEqual(['b1.2']);
  });

  it('orders by several keys, descending with -, and pages by start without skipping ties', () => {
    expect(titles(pageOf(items, { orderby: 'title,-version' }).items)).toEqual(['a1.10', 'b1.2', 'b1.0', 'c2.0']);
    const pages: string[][] = [];
    let query: RegistryQuery = { orderby: 'title', limit: '2' };
    for (let i = 0; i < 4; i += 1) {
      const { items: page, page: meta } = pageOf(items, query);
      pages.push(titles(page));
      if (meta.next === null) break;
      query = { ...query, start: meta.next };
    }
    // The second `b` joins the first page: a page ending between two `b`s would make `start=b` skip one.
    expect(pages).toEqual([['a1.10', 'b1.2', 'b1.0'], ['c2.0']]);
    const desc = pageOf(items, { orderby: '-title', limit: '1', start: 'c' });
    expect(titles(desc.items)).toEqual(['b1.2', 'b1.0']);
    expect(desc.page).toEqual({ orderby: '-title', next: 'b', count: 2 });
  });
});
