import { TextField } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { ExpressionError } from '../../../src-shared/mapping/expression-ast';
import { functionCatalog } from '../../../src-shared/mapping/function-catalog';
import { parseExpression } from '../../../src-shared/mapping/parse-expression';

export interface ExpressionCheck {
  message: string;
  offset: number;
}

/** Parses as the user types; the error (if any) with its character offset. */
export function checkExpression(text: string): ExpressionCheck | null {
  if (text.trim() === '') return { message: 'Write an expression', offset: 0 };
  try {
    parseExpression(text);
    return null;
  } catch (error) {
    if (error instanceof ExpressionError) return { message: error.message.replace(/ \(at character \d+\)$/, ''), offset: error.offset };
    return { message: error instanceof Error ? error.message : String(error), offset: 0 };
  }
}

/**
 * A Data Prep expression with its problems where they are.
 * Why parse in the renderer: the parser and the function catalog are pure (src-shared), so a
 * missing parenthesis is pointed at while typing, before main is asked for a preview; main's
 * own problems (an unknown column) arrive as `serverProblem` with their offset too.
 */
export function ExpressionEditor({
  value,
  onChange,
  serverProblem,
  label,
}: {
  value: string;
  onChange: (text: string) => void;
  serverProblem: ExpressionCheck | null;
  label: string;
}) {
  const localProblem = useMemo(() => checkExpression(value), [value]);
  const problem = localProblem ?? serverProblem;
  const used = useMemo(() => [...new Set([...value.matchAll(/([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1] as string))].filter((n) => n in functionCatalog), [value]);
  const at = problem ? Math.min(problem.offset, value.length) : 0;
  return (
    <div className="expression-editor">
      <TextField
        aria-label={label}
        value={value}
        onChange={onChange}
        width="100%"
        validationState={problem ? 'invalid' : undefined}
        UNSAFE_className="expression-editor__input"
      />
      {problem ? (
        <div className="expression-editor__error" role="alert">
          <code className="expression-editor__echo">
            {value.slice(0, at)}
            <mark className="expression-editor__caret">{value.slice(at, at + 1) || ' '}</mark>
            {value.slice(at + 1)}
          </code>
          <span>
            {problem.message} (character {problem.offset + 1})
          </span>
        </div>
      ) : null}
      {used.length > 0 ? (
        <ul className="expression-editor__help" aria-label="Functions used">
          {used.map((name) => (
            <li key={name}>
              <code>{functionCatalog[name]?.signature}</code> {functionCatalog[name]?.summary}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
