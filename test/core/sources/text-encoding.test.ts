import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeUtf8Length, decodeHead, detectEncoding } from '../../../src-main/core/sources/text-encoding';
import { inferTextCellType, widenType } from '../../../src-main/core/sources/infer-types';

describe('head decoding', () => {
  it('never splits a UTF-8 character, wherever the head is cut', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), (text, cut) => {
        const bytes = Buffer.from(text, 'utf8');
        const head = bytes.subarray(0, cut % (bytes.length + 1));
        const decoded = decodeHead(head, { encoding: 'utf-8', bom: false, bomLength: 0 }, true);
        expect(text.startsWith(decoded)).toBe(true);
        expect(Buffer.byteLength(decoded)).toBe(completeUtf8Length(head));
        expect(head.length - completeUtf8Length(head)).toBeLessThan(4);
      }),
    );
  });

  it('calls a cut UTF-8 head UTF-8, and invalid UTF-8 Latin-1', () => {
    const bytes = Buffer.from('naïve café €', 'utf8');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), true)?.encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), false)?.encoding).toBe('latin1');
  });

  it('calls a head with as many UTF-8 characters as stray bytes UTF-8, so the reader stops at the stray byte', () => {
    // "Zoë" in UTF-8, then "Bad" and a byte no UTF-8 has: read as Windows-1252, "Zoë" became "ZoÃ«".
    const mixed = Buffer.concat([Buffer.from('id,name\nc1,Zoë\nc2,Bad'), Buffer.from([0xff, 0x0a])]);
    expect(detectEncoding(mixed, false)?.encoding).toBe('utf-8');
    // Two stray bytes to one character: Windows-1252 text with a chance sequence stays Windows-1252.
    expect(detectEncoding(Buffer.concat([mixed, Buffer.from([0xe9, 0x0a])]), false)?.encoding).toBe('latin1');
  });

  it('drops a lone high surrogate at the end of a cut UTF-16 head', () => {
    const bytes = Buffer.from('a😀', 'utf16le');
    expect(decodeHead(bytes.subarray(0, 4), { encoding: 'utf-16le', bom: false, bomLength: 0 }, true)).toBe('a');
  });
});

describe('cell type rules', () => {
  it.each([
    ['42', 'integer'],
    ['-7', 'integer'],
    ['007', 'string'],
    ['+14155550100', 'string'],
    ['12345678901234567890', 'string'],
    ['3.14', 'number'],
    ['-0.5e-3', 'number'],
    ['1.', 'string'],
    ['TRUE', 'boolean'],
    ['2024-02-29', 'date'],
    ['2023-02-29', 'string'],
    ['2024-05-01T10:20:30.123+02:00', 'date-time'],
    ['2024-05-01T25:00:00Z', 'string'],
    ['  ', null],
  ])('%j is %s', (cell, type) => {
    expect(inferTextCellType(cell)).toBe(type);
  });

  it('widens only where no value is lost', () => {
    expect(widenType('integer', 'number')).toBe('number');
    expect(widenType('date', 'date-time')).toBe('date-time');
    expect(widenType('integer', 'boolean')).toBe('string');
  });
});
