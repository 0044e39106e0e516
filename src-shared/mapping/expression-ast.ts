/**
 * The syntax tree of a Data Prep expression.
 * Why offsets on every node: errors (unknown function, wrong arity, bad value at run time) are
 * reported at a character position of the rule, so the editor can point at the culprit.
 */
export type ExpressionNode =
  | { kind: 'literal'; value: string | number | boolean | null; start: number; end: number }
  | { kind: 'field'; path: string; start: number; end: number }
  | { kind: 'call'; name: string; args: ExpressionNode[]; start: number; end: number }
  | { kind: 'method'; target: ExpressionNode; name: string; args: ExpressionNode[]; start: number; end: number }
  | { kind: 'unary'; op: '!' | '-'; operand: ExpressionNode; start: number; end: number }
  | { kind: 'binary'; op: BinaryOperator; left: ExpressionNode; right: ExpressionNode; start: number; end: number };

export const binaryOperators = ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'] as const;
export type BinaryOperator = (typeof binaryOperators)[number];

/**
 * A problem in an expression, located by character offset (0-based) in the expression text
 * and, when known, by the index of the mapping rule holding it.
 */
export class ExpressionError extends Error {
  readonly offset: number;
  readonly ruleIndex: number | undefined;
  constructor(message: string, offset: number, ruleIndex?: number) {
    super(ruleIndex === undefined ? `${message} (at character ${offset})` : `Rule ${ruleIndex + 1}: ${message} (at character ${offset})`);
    this.name = 'ExpressionError';
    this.offset = offset;
    this.ruleIndex = ruleIndex;
  }
  /** The same error, attributed to a rule. */
  inRule(ruleIndex: number): ExpressionError {
    const bare = this.message.replace(/^Rule \d+: /, '').replace(/ \(at character \d+\)$/, '');
    return new ExpressionError(bare, this.offset, ruleIndex);
  }
}
