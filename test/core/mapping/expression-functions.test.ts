import { describe, expect, it } from 'vitest';
import { functionCatalog, methodCatalog } from '../../../src-shared/mapping/function-catalog';
import { parseExpression } from '../../../src-shared/mapping/parse-expression';
import { compileExpression } from '../../../src-main/core/mapping/evaluate-expression';
import { expressionFunctions, expressionMethods } from '../../../src-main/core/mapping/expression-functions';

const row: Record<string, unknown> = {
  first: '  Ada ',
  last: 'Lovelace',
  email: 'Ada@Example.COM',
  tags: 'a,,b,c',
  n: '42',
  f: '3.5',
  empty: null,
  flag: 'yes',
  born: '10/12/1815',
};

function run(expr: string): unknown {
  return compileExpression(parseExpression(expr))((p) => (p in row ? row[p] : null));
}

describe('every catalog function has an implementation and vice versa', () => {
  it('matches names', () => {
    expect(Object.keys(expressionFunctions).sort()).toEqual(Object.keys(functionCatalog).sort());
    expect(Object.keys(expressionMethods).sort()).toEqual(Object.keys(methodCatalog).sort());
  });
});

describe('string functions', () => {
  it.each([
    ['concat(trim(first), " ", last)', 'Ada Lovelace'],
    ['concat(first, empty, "!")', '  Ada !'],
    ['lower(email)', 'ada@example.com'],
    ['lcase("AB")', 'ab'],
    ['upper(last)', 'LOVELACE'],
    ['ucase("ab")', 'AB'],
    ['trim(first)', 'Ada'],
    ['ltrim(first)', 'Ada '],
    ['rtrim(first)', '  Ada'],
    ['substr(last, 0, 4)', 'Love'],
    ['substr(last, 4)', 'lace'],
    ['left(last, 2)', 'Lo'],
    ['right(last, 3)', 'ace'],
    ['lpad("7", 3, "0")', '007'],
    ['rpad("7", 3, "0")', '700'],
    ['replacestr(email, "@", " at ")', 'Ada at Example.COM'],
    ['replace(last, "e", "3")', 'Lov3lac3'],
    ['instr(last, "e")', 4],
    ['instr(last, "e", 1, 2)', 8],
    ['instr(last, "z")', 0],
    ['join("-", split(tags, ","))', 'a-b-c'],
    ['lower(empty)', null],
  ])('%s → %j', (expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it('split drops empty parts, explode keeps them', () => {
    expect(run('split(tags, ",")')).toEqual(['a', 'b', 'c']);
    expect(run('explode(tags)')).toEqual(['a', '', 'b', 'c']);
    expect(run('explode("a1b22c", "[0-9]+")')).toEqual(['a', 'b', 'c']);
  });
});

describe('logic and hierarchies', () => {
  it.each([
    ['coalesce(empty, "", last)', 'Lovelace'],
    ['first("x", "y")', 'x'],
    ['last("x", "y")', 'y'],
    ['iif(n == 42, "yes", "no")', 'yes'],
    ['iif(empty, "yes", "no")', 'no'],
    ['decode("b", "a", 1, "b", 2, 0)', 2],
    ['decode("z", "a", 1, 0)', 0],
    ['is_empty(empty)', true],
    ['is_empty(last)', false],
    ['size_of(last)', 8],
    ['size_of(split(tags, ","))', 3],
    ['nullify()', null],
    ['min(3, 1, 2)', 1],
    ['max("3", 10, 2)', 10],
    ['last.equals("Lovelace")', true],
    ['email.equalsIgnoreCase("ada@example.com")', true],
    ['matches_regex(n, "[0-9]+")', true],
    ['matches_regex(last, "Love")', false],
    ['n + 1', '421'],
    ['to_integer(n) + 1', 43],
    ['to_integer(n) * 2 - 4 / 2', 82],
    ['7 % 4', 3],
    ['!(1 < 2) || 2 >= 2', true],
  ])('%s → %j', (expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it('builds objects, arrays and parses JSON', () => {
    expect(run('to_object("a", n, "b", empty)')).toEqual({ a: '42' });
    expect(run('to_array(false, n, empty, last)')).toEqual(['42', 'Lovelace']);
    expect(run('to_array(true, n, empty)')).toEqual(['42', null]);
    expect(run('json_to_object("{\\"k\\": [1]}")')).toEqual({ k: [1] });
    expect(run('extract_regex(email, "([^@]+)@(.+)")')).toEqual(['Ada@Example.COM', 'Ada', 'Example.COM']);
  });
});

describe('conversions', () => {
  it.each([
    ['to_integer(n)', 42],
    ['to_integer("-7")', -7],
    ['to_bigint("9007199254740991")', 9007199254740991],
    ['to_float(f)', 3.5],
    ['to_decimal("1e3")', 1000],
    ['to_boolean(flag)', true],
    ['to_boolean("OFF")', false],
    ['to_integer(empty)', null],
  ])('%s → %j', (expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it('fails with a message on bad input', () => {
    expect(() => run('to_integer("4x")')).toThrow(/not a number/);
    expect(() => run('to_integer(f)')).toThrow(/not a whole number/);
    expect(() => run('to_integer("3000000000")')).toThrow(/out of range/);
    expect(() => run('to_boolean("perhaps")')).toThrow(/not a boolean/);
    expect(() => run('1 / 0')).toThrow(/Division by zero/);
    expect(() => run('last - 1')).toThrow(/needs numbers/);
  });
});

describe('dates', () => {
  it('parses with a pattern, with known formats, and formats back', () => {
    expect((run('date(born, "dd/MM/yyyy")') as Date).toISOString()).toBe('1815-12-10T00:00:00.000Z');
    expect((run('date("2024-03-01T10:00:00+02:00")') as Date).toISOString()).toBe('2024-03-01T08:00:00.000Z');
    expect((run('date("03/01/2024")') as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((run('date("01-Mar-2024")') as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((run('date("2024-03-01 07:05:09 PM", "yyyy-MM-dd hh:mm:ss a")') as Date).toISOString()).toBe('2024-03-01T19:05:09.000Z');
    expect((run('date("garbage", "yyyy", "2000-01-01")') as Date).toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(() => run('date("31/02/2024", "dd/MM/yyyy")')).toThrow(/does not match/);
    expect(run('format(date(born, "dd/MM/yyyy"), "yyyy-MM-dd")')).toBe('1815-12-10');
    expect(run('dformat(0, "yyyy-MM-dd\'T\'HH:mm:ss.SSSX")')).toBe('1970-01-01T00:00:00.000Z');
    expect(run('format("2024-03-01", "dd MMM yyyy")')).toBe('01 Mar 2024');
  });

  it('now and timestamp give the current time', () => {
    const before = Date.now();
    const now = Date.parse(run('now()') as string);
    const ts = run('timestamp()') as number;
    expect(now).toBeGreaterThanOrEqual(before - 1000);
    expect(ts).toBeGreaterThanOrEqual(before);
  });
});

describe('hashing and ids', () => {
  it('matches known digests', () => {
    expect(run('sha256("abc")')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(run('md5("abc")')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(run('sha1("abc")')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect((run('sha512("abc")') as string).slice(0, 16)).toBe('ddaf35a193617aba');
    expect(run('crc32("The quick brown fox jumps over the lazy dog")')).toBe('414fa339');
    expect(run('md5("é", "ISO-8859-1")')).not.toBe(run('md5("é")'));
    expect(run('sha256(lower(trim(email)))')).toBe(run('sha256("ada@example.com")'));
    expect(run('uuid()')).toMatch(/^[0-9a-f-]{36}$/);
    expect(run('guid()')).not.toBe(run('guid()'));
  });
});
