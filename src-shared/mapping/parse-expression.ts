import type { BinaryOperator, ExpressionNode } from './expression-ast';
import { ExpressionError } from './expression-ast';
import { arityText, functionCatalog, methodCatalog } from './function-catalog';
import type { Token } from './tokenizer';
import { tokenize } from './tokenizer';

/**
 * Parses a Data Prep expression into an AST, checking function names and arity.
 * Why check here and not at run time: a mapping with `concat(` typo'd or `substr(x)` must be
 * refused when it is saved or previewed, with the position, not after a million rows.
 */

const precedence: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** Largest expression AEP accepts in a calculated field. */
export const MAX_EXPRESSION_LENGTH = 4096;

class Parser {
  #tokens: Token[];
  #pos = 0;
  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  get #peek(): Token {
    return this.#tokens[this.#pos] as Token;
  }

  #isPunct(p: string): boolean {
    const t = this.#tokens[this.#pos] as Token;
    return t.kind === 'punct' && t.text === p;
  }

  #next(): Token {
    const t = this.#peek;
    if (t.kind !== 'eof') this.#pos++;
    return t;
  }

  #expectPunct(p: string): Token {
    const t = this.#peek;
    if (t.kind !== 'punct' || t.text !== p)
      throw new ExpressionError(t.kind === 'eof' ? `Expected '${p}' but the expression ended` : `Expected '${p}' but found '${t.text}'`, t.start);
    return this.#next();
  }

  parseAll(): ExpressionNode {
    if (this.#peek.kind === 'eof') throw new ExpressionError('Empty expression', 0);
    const node = this.#binary(0);
    const t = this.#peek;
    if (t.kind !== 'eof') throw new ExpressionError(`Unexpected '${t.text}'`, t.start);
    return node;
  }

  #binary(minPrec: number): ExpressionNode {
    let left = this.#unary();
    for (;;) {
      const t = this.#peek;
      const prec = t.kind === 'op' ? precedence[t.value] : undefined;
      if (prec === undefined || prec <= minPrec) return left;
      this.#next();
      const right = this.#binary(prec);
      left = { kind: 'binary', op: t.value as BinaryOperator, left, right, start: left.start, end: right.end };
    }
  }

  #unary(): ExpressionNode {
    const t = this.#peek;
    if (t.kind === 'op' && (t.value === '!' || t.value === '-')) {
      this.#next();
      const operand = this.#unary();
      return { kind: 'unary', op: t.value, operand, start: t.start, end: operand.end };
    }
    return this.#postfix(this.#primary());
  }

  #postfix(node: ExpressionNode): ExpressionNode {
    let target = node;
    while (this.#isPunct('.')) {
      this.#next();
      const name = this.#next();
      if (name.kind !== 'ident') throw new ExpressionError('Expected a method name after "."', name.start);
      if (!this.#isPunct('(')) throw new ExpressionError(`Expected '(' after .${name.text}`, this.#peek.start);
      const { args, end } = this.#args();
      const spec = methodCatalog[name.text];
      if (!spec) throw new ExpressionError(`Unknown method '${name.text}' (known: ${Object.keys(methodCatalog).join(', ')})`, name.start);
      if (args.length < spec.min || args.length > spec.max) throw new ExpressionError(`${name.text} takes ${arityText(spec)}, got ${args.length}`, name.start);
      target = { kind: 'method', target, name: name.text, args, start: target.start, end };
    }
    return target;
  }

  #args(): { args: ExpressionNode[]; end: number } {
    this.#expectPunct('(');
    const args: ExpressionNode[] = [];
    if (this.#isPunct(')')) return { args, end: this.#next().end };
    for (;;) {
      args.push(this.#binary(0));
      const t = this.#peek;
      if (t.kind === 'punct' && t.text === ',') {
        this.#next();
        continue;
      }
      return { args, end: this.#expectPunct(')').end };
    }
  }

  #primary(): ExpressionNode {
    const t = this.#peek;
    switch (t.kind) {
      case 'number':
        this.#next();
        return { kind: 'literal', value: Number(t.text), start: t.start, end: t.end };
      case 'string':
        this.#next();
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'field':
        this.#next();
        return { kind: 'field', path: t.value, start: t.start, end: t.end };
      case 'ident':
        return this.#identifier();
      case 'punct':
        if (t.text === '(') {
          this.#next();
          const inner = this.#binary(0);
          this.#expectPunct(')');
          return inner;
        }
        throw new ExpressionError(`Unexpected '${t.text}'`, t.start);
      case 'eof':
        throw new ExpressionError('The expression ended too early', t.start);
      default:
        throw new ExpressionError(`Unexpected '${t.text}'`, t.start);
    }
  }

  #identifier(): ExpressionNode {
    const t = this.#next();
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true', start: t.start, end: t.end };
    if (t.text === 'null') return { kind: 'literal', value: null, start: t.start, end: t.end };
    if (this.#isPunct('(')) {
      const { args, end } = this.#args();
      const spec = functionCatalog[t.text];
      if (!spec) throw new ExpressionError(`Unknown function '${t.text}'`, t.start);
      if (args.length < spec.min || args.length > spec.max) throw new ExpressionError(`${t.text} takes ${arityText(spec)}, got ${args.length}`, t.start);
      return { kind: 'call', name: t.text, args, start: t.start, end };
    }
    // A dotted path (`address.city`) is one field; a dot followed by a call is a method.
    let path = t.text;
    let end = t.end;
    while (
      this.#isPunct('.') &&
      this.#tokens[this.#pos + 1]?.kind === 'ident' &&
      !(this.#tokens[this.#pos + 2]?.kind === 'punct' && this.#tokens[this.#pos + 2]?.text === '(')
    ) {
      this.#next();
      const part = this.#next();
      path += `.${part.text}`;
      end = part.end;
    }
    return { kind: 'field', path, start: t.start, end };
  }
}

/**
 * Parses one expression. Throws {@link ExpressionError} with a character offset;
 * pass `ruleIndex` to have the rule named in the message.
 */
export function parseExpression(text: string, ruleIndex?: number): ExpressionNode {
  try {
    if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`Expression longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
    return new Parser(tokenize(text)).parseAll();
  } catch (e) {
    if (e instanceof ExpressionError && ruleIndex !== undefined) throw e.inRule(ruleIndex);
    throw e;
  }
}

/** Every source field an expression reads (for checking columns exist and for suggestions). */
export function referencedFields(node: ExpressionNode): string[] {
  const out = new Set<string>();
  const visit = (n: ExpressionNode): void => {
    switch (n.kind) {
      case 'field':
        out.add(n.path);
        return;
      case 'call':
        n.args.forEach(visit);
        return;
      case 'method':
        visit(n.target);
        n.args.forEach(visit);
        return;
      case 'unary':
        visit(n.operand);
        return;
      case 'binary':
        visit(n.left);
        visit(n.right);
        return;
      case 'literal':
        return;
    }
  };
  visit(node);
  return [...out];
}
