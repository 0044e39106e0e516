import type { ExpressionNode } from '../../../src-shared/mapping/expression-ast';
import type { ExprValue } from './expression-functions';
import { EvaluationError, asText, compareValues, expressionFunctions, expressionMethods, truthy } from './expression-functions';

/** Reads a source field by name (a CSV column or a dotted record path). */
export type FieldReader = (path: string) => ExprValue;

/** A compiled expression: called once per row. */
export type CompiledExpression = (read: FieldReader) => ExprValue;

function num(v: ExprValue, op: string): number {
  const n = typeof v === 'number' ? v : Number(asText(v).trim());
  if (v === null || v === undefined || asText(v).trim() === '' || Number.isNaN(n))
    throw new EvaluationError(`'${op}' needs numbers, got ${JSON.stringify(v ?? null)}`);
  return n;
}

/**
 * Compiles an AST into nested closures.
 * Why closures and not an interpreter loop: the prepare job evaluates each rule per row; a
 * tree of closures built once avoids re-dispatching on node kinds millions of times.
 */
export function compileExpression(node: ExpressionNode): CompiledExpression {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'field': {
      const path = node.path;
      return (read) => read(path);
    }
    case 'call': {
      const fn = expressionFunctions[node.name];
      if (!fn) throw new EvaluationError(`Function '${node.name}' has no implementation`);
      const args = node.args.map(compileExpression);
      if (node.name === 'iif') {
        const [c, a, b] = args as [CompiledExpression, CompiledExpression, CompiledExpression];
        return (read) => (truthy(c(read)) ? a(read) : b(read));
      }
      return (read) => fn(args.map((a) => a(read)));
    }
    case 'method': {
      const m = expressionMethods[node.name];
      if (!m) throw new EvaluationError(`Method '${node.name}' has no implementation`);
      const target = compileExpression(node.target);
      const args = node.args.map(compileExpression);
      return (read) =>
        m(
          target(read),
          args.map((a) => a(read)),
        );
    }
    case 'unary': {
      const operand = compileExpression(node.operand);
      if (node.op === '!') return (read) => !truthy(operand(read));
      return (read) => -num(operand(read), '-');
    }
    case 'binary': {
      const l = compileExpression(node.left);
      const r = compileExpression(node.right);
      switch (node.op) {
        case '||':
          return (read) => truthy(l(read)) || truthy(r(read));
        case '&&':
          return (read) => truthy(l(read)) && truthy(r(read));
        case '==':
          return (read) => looseEquals(l(read), r(read));
        case '!=':
          return (read) => !looseEquals(l(read), r(read));
        case '<':
          return (read) => compareValues(l(read), r(read)) < 0;
        case '<=':
          return (read) => compareValues(l(read), r(read)) <= 0;
        case '>':
          return (read) => compareValues(l(read), r(read)) > 0;
        case '>=':
          return (read) => compareValues(l(read), r(read)) >= 0;
        case '+':
          return (read) => {
            const a = l(read);
            const b = r(read);
            if (typeof a === 'number' && typeof b === 'number') return a + b;
            if (typeof a === 'string' || typeof b === 'string') return asText(a) + asText(b);
            return num(a, '+') + num(b, '+');
          };
        case '-':
          return (read) => num(l(read), '-') - num(r(read), '-');
        case '*':
          return (read) => num(l(read), '*') * num(r(read), '*');
        case '/':
          return (read) => {
            const d = num(r(read), '/');
            if (d === 0) throw new EvaluationError('Division by zero');
            return num(l(read), '/') / d;
          };
        case '%':
          return (read) => {
            const d = num(r(read), '%');
            if (d === 0) throw new EvaluationError('Division by zero');
            return num(l(read), '%') % d;
          };
      }
    }
  }
}

function looseEquals(a: ExprValue, b: ExprValue): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') {
    const na = Number(a);
    const nb = Number(b);
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na === nb;
  }
  return asText(a) === asText(b);
}
