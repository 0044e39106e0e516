import { describe, expect, it } from 'vitest';
import {
  describeDelimiter,
  describeEncoding,
  describeFormat,
  describeLineEnding,
  formatBytes,
  formatCell,
  formatShare,
} from '../../src-renderer/features/prepare/format';

describe('prepare labels', () => {
  it('sizes files in bytes, KB, MB and GB', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1,023 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('names delimiters in words, quoting unusual ones', () => {
    expect(describeDelimiter(',')).toBe('Comma');
    expect(describeDelimiter('\t')).toBe('Tab');
    expect(describeDelimiter(';')).toBe('Semicolon');
    expect(describeDelimiter('|')).toBe('Pipe');
    expect(describeDelimiter('#')).toBe('“#”');
    expect(describeDelimiter(null)).toBe('None');
  });

  it('names encodings, with the BOM, and Parquet as binary', () => {
    expect(describeEncoding('utf-8', false)).toBe('UTF-8');
    expect(describeEncoding('utf-8', true)).toBe('UTF-8 with BOM');
    expect(describeEncoding('utf-16le', true)).toBe('UTF-16 LE with BOM');
    expect(describeEncoding(null, false)).toBe('Binary (UTF-8 strings)');
  });

  it('names formats and line endings', () => {
    expect(describeFormat('jsonl')).toBe('JSON Lines');
    expect(describeFormat('parquet')).toBe('Parquet');
    expect(describeLineEnding('crlf')).toBe('CRLF (Windows)');
    expect(describeLineEnding(null)).toBe('None');
  });

  it('never rounds a non-zero empty share down to 0%', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.004)).toBe('<1%');
    expect(formatShare(0.256)).toBe('26%');
    expect(formatShare(1)).toBe('100%');
  });

  it('renders cells as text and nested values as compact JSON, keeping null apart', () => {
    expect(formatCell('a, b')).toBe('a, b');
    expect(formatCell('')).toBe('');
    expect(formatCell(42.5)).toBe('42.5');
    expect(formatCell(false)).toBe('false');
    expect(formatCell(null)).toBeNull();
    expect(formatCell(undefined)).toBeNull();
    expect(formatCell({ city: 'Paris', tags: ['a', 1] })).toBe('{"city":"Paris","tags":["a",1]}');
    expect(formatCell([1, 2])).toBe('[1,2]');
  });
});
