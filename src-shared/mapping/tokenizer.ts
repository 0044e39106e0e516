import { ExpressionError } from './expression-ast';

/**
 * Splits a Data Prep expression into tokens.
 * Why hand-written: the language is the product's own (JEXL-like, with `${…}` field
 * references and word operators); a generator would add a dependency for forty lines.
 */
export type TokenKind = 'number' | 'string' | 'ident' | 'field' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** For strings and `${…}` fields: the unescaped value. */
  value: string;
  start: number;
  end: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!'];
const WORD_OPERATORS: Record<string, string> = { and: '&&', or: '||', not: '!', eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', div: '/', mod: '%' };

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}
function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      if (/[eE]/.test(text[i] ?? '') && /[-+0-9]/.test(text[i + 1] ?? '')) {
        i += 2;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      const t = text.slice(start, i);
      tokens.push({ kind: 'number', text: t, value: t, start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          const e = text[i + 1] as string;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) throw new ExpressionError('Unterminated string', start);
      tokens.push({ kind: 'string', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      i += 2;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '\\' && i + 1 < text.length) {
          // `${First\.Name}` keeps the escaped dot as a literal dot in the name.
          value += d + (text[i + 1] as string);
          i += 2;
          continue;
        }
        if (d === '}') {
          closed = true;
          i++;
          break;
        }
        value += d;
        i++;
      }
      if (!closed) throw new ExpressionError('Unterminated ${…} field reference', start);
      if (value.trim() === '') throw new ExpressionError('Empty ${} field reference', start);
      tokens.push({ kind: 'field', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i] as string)) i++;
      const word = text.slice(start, i);
      const op = WORD_OPERATORS[word];
      if (op) tokens.push({ kind: 'op', text: word, value: op, start, end: i });
      else tokens.push({ kind: 'ident', text: word, value: word, start, end: i });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', text: op, value: op, start, end: i });
      continue;
    }
    if ('(),.'.includes(c)) {
      i++;
      tokens.push({ kind: 'punct', text: c, value: c, start, end: i });
      continue;
    }
    throw new ExpressionError(`Unexpected character '${c}'`, start);
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}
