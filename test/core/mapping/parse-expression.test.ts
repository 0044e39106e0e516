import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src-shared/mapping/expression-ast';
import { parseExpression, referencedFields } from '../../../src-shared/mapping/parse-expression';

function errorOf(text: string, rule?: number): ExpressionError {
  try {
    parseExpression(text, rule);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('parseExpression', () => {
  it('builds calls, fields, literals, methods and operators with precedence', () => {
    const ast = parseExpression('concat(lower(first_name), " ", ${Last Name}) + 1 * 2');
    expect(ast).toMatchObject({ kind: 'binary', op: '+', right: { kind: 'binary', op: '*' } });
    expect(referencedFields(ast)).toEqual(['first_name', 'Last Name']);
    expect(parseExpression('a.b.c')).toMatchObject({ kind: 'field', path: 'a.b.c' });
    expect(parseExpression('country.equalsIgnoreCase("fr")')).toMatchObject({
      kind: 'method',
      name: 'equalsIgnoreCase',
      target: { kind: 'field', path: 'country' },
    });
    expect(parseExpression('iif(x eq "1" and not y, true, null)')).toMatchObject({
      kind: 'call',
      name: 'iif',
      args: [{ op: '&&' }, { value: true }, { value: null }],
    });
    expect(parseExpression("'it\\'s'")).toMatchObject({ kind: 'literal', value: "it's" });
    expect(parseExpression('-1.5e2')).toMatchObject({ kind: 'unary', op: '-', operand: { value: 150 } });
  });

  it('reports unknown functions at their offset, with the rule number', () => {
    const e = errorOf('concat(a, lowr(b))', 2);
    expect(e.offset).toBe(10);
    expect(e.ruleIndex).toBe(2);
    expect(e.message).toBe("Rule 3: Unknown function 'lowr' (at character 10)");
  });

  it('reports wrong arity with the accepted count', () => {
    expect(errorOf('substr(x)').message).toMatch(/substr takes 2 to 3 arguments, got 1/);
    expect(errorOf('  now(1)').offset).toBe(2);
    expect(errorOf('iif(a, b)').message).toMatch(/iif takes 3 arguments, got 2/);
    expect(errorOf('concat()').message).toMatch(/at least 1 argument, got 0/);
    expect(errorOf('x.equals()').message).toMatch(/equals takes 1 argument/);
    expect(errorOf('x.shout()').message).toMatch(/Unknown method 'shout'/);
  });

  it('reports syntax errors at the right place', () => {
    expect(errorOf('concat(a, b').offset).toBe(11);
    expect(errorOf('"abc').offset).toBe(0);
    expect(errorOf('a # b').offset).toBe(2);
    expect(errorOf('a b').message).toMatch(/Unexpected 'b'/);
    expect(errorOf('${x').message).toMatch(/Unterminated/);
    expect(errorOf('').message).toMatch(/Empty expression/);
    expect(errorOf('x'.repeat(4097)).message).toMatch(/4096/);
  });
});
