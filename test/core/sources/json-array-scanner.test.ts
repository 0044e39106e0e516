import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArrayScanner } from '../../../src-main/core/sources/json-array-scanner';

/** JSON values without line breaks in their text, as JSON.stringify writes them. */
const record = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

describe('JsonArrayScanner', () => {
  it('finds the same elements however the text is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(record, fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (values, cuts, pretty) => {
          const text = pretty ? JSON.stringify(values, null, 1) : JSON.stringify(values);
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const scanner = new JsonArrayScanner('test.json');
          const found: unknown[] = [];
          let from = 0;
          for (const point of [...points, text.length]) {
            for (const element of scanner.push(text.slice(from, point))) found.push(JSON.parse(element.text));
            from = point;
          }
          scanner.end();
          expect(found).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  it('reports the line each element starts on', () => {
    const scanner = new JsonArrayScanner('x.json');
    const elements = scanner.push('[\n  1,\n  {"a":\n 2},\n  "s"\n]');
    expect(elements.map((element) => [element.text, element.line])).toEqual([
      ['1', 2],
      ['{"a":\n 2}', 3],
      ['"s"', 5],
    ]);
    scanner.end();
  });

  it.each([
    ['{"a":1}', 'must hold an array'],
    ['[1 2]', "expected ',' or ']'"],
    ['[1,]', 'a value is missing'],
    ['[1] x', 'unexpected content after'],
  ])('rejects %s', (text, message) => {
    const scanner = new JsonArrayScanner('x.json');
    expect(() => {
      scanner.push(text);
      scanner.end();
    }).toThrow(message);
  });
});
