import { isCalendarDate } from '../../../src-shared/xdm/date-text';

/**
 * Java `DateTimeFormatter`-style patterns, the subset Data Prep users write.
 * Why: `date(s, "dd/MM/yyyy")` and `format(d, "yyyy-MM-dd")` must behave as in AEP; letters
 * supported: y, M (MM, MMM, MMMM), d, H, h, m, s, S (fraction), a, Z, X, and quoted literals.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface PatternPart {
  letter: string;
  count: number;
  literal?: string;
}

function splitPattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i] as string;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      const text = close === -1 ? pattern.slice(i + 1) : pattern.slice(i + 1, close);
      parts.push({ letter: '', count: 0, literal: text === '' ? "'" : text });
      i = close === -1 ? pattern.length : close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ letter: c, count: j - i });
      i = j;
    } else {
      parts.push({ letter: '', count: 0, literal: c });
      i++;
    }
  }
  return parts;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CompiledDatePattern {
  parse(text: string): Date | undefined;
}

/** Compiles a pattern into a parser. Throws on letters we do not support. */
export function compileDatePattern(pattern: string): CompiledDatePattern {
  const parts = splitPattern(pattern);
  let re = '^';
  const roles: string[] = [];
  for (const p of parts) {
    if (p.literal !== undefined) {
      re += escapeRe(p.literal);
      continue;
    }
    switch (p.letter) {
      case 'y':
      case 'u':
        re += p.count === 2 ? '(\\d{2})' : '(\\d{4})';
        roles.push(p.count === 2 ? 'yy' : 'y');
        break;
      case 'M':
        if (p.count >= 3) {
          re += p.count === 3 ? '([A-Za-z]{3})' : '([A-Za-z]+)';
          roles.push('Mname');
        } else {
          re += p.count === 2 ? '(\\d{2})' : '(\\d{1,2})';
          roles.push('M');
        }
        break;
      case 'd':
      case 'H':
      case 'h':
      case 'm':
      case 's':
        re += p.count === 2 ? '(\\d{2})' : '(\\d{1,2})';
        roles.push(p.letter);
        break;
      case 'S':
        re += `(\\d{${p.count}})`;
        roles.push('S');
        break;
      case 'a':
        re += '([AaPp][Mm])';
        roles.push('a');
        break;
      case 'Z':
      case 'X':
      case 'x':
        re += '(Z|[+-]\\d{2}(?::?\\d{2})?)';
        roles.push('zone');
        break;
      default:
        throw new Error(`Unsupported date pattern letter '${p.letter}' in "${pattern}"`);
    }
  }
  const regex = new RegExp(`${re}$`);
  return {
    parse(text) {
      const m = regex.exec(text.trim());
      if (!m) return undefined;
      let year = 1970;
      let month = 1;
      let day = 1;
      let hour = 0;
      let minute = 0;
      let second = 0;
      let ms = 0;
      let pm: boolean | undefined;
      let offsetMinutes = 0;
      roles.forEach((role, k) => {
        const g = m[k + 1] as string;
        switch (role) {
          case 'y':
            year = Number(g);
            break;
          case 'yy':
            year = 2000 + Number(g);
            break;
          case 'M':
            month = Number(g);
            break;
          case 'Mname': {
            const idx = MONTHS.findIndex(
              (name) => name.toLowerCase().startsWith(g.toLowerCase()) && (g.length === 3 || name.toLowerCase() === g.toLowerCase()),
            );
            month = idx === -1 ? 0 : idx + 1;
            break;
          }
          case 'd':
            day = Number(g);
            break;
          case 'H':
          case 'h':
            hour = Number(g);
            break;
          case 'm':
            minute = Number(g);
            break;
          case 's':
            second = Number(g);
            break;
          case 'S':
            ms = Math.round(Number(`0.${g}`) * 1000);
            break;
          case 'a':
            pm = g.toLowerCase() === 'pm';
            break;
          case 'zone':
            if (g !== 'Z') {
              const digits = g.replace(':', '');
              const sign = digits.startsWith('-') ? -1 : 1;
              offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0'));
            }
            break;
        }
      });
      if (pm !== undefined) {
        if (hour < 1 || hour > 12) return undefined;
        hour = (hour % 12) + (pm ? 12 : 0);
      }
      if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
      return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60000);
    },
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Formats a date (in UTC) with a Java-style pattern. */
export function formatDate(date: Date, pattern: string): string {
  let out = '';
  for (const p of splitPattern(pattern)) {
    if (p.literal !== undefined) {
      out += p.literal;
      continue;
    }
    switch (p.letter) {
      case 'y':
      case 'u':
        out += p.count === 2 ? pad(date.getUTCFullYear() % 100, 2) : pad(date.getUTCFullYear(), 4);
        break;
      case 'M':
        if (p.count >= 4) out += MONTHS[date.getUTCMonth()];
        else if (p.count === 3) out += (MONTHS[date.getUTCMonth()] as string).slice(0, 3);
        else out += pad(date.getUTCMonth() + 1, p.count);
        break;
      case 'd':
        out += pad(date.getUTCDate(), p.count);
        break;
      case 'H':
        out += pad(date.getUTCHours(), p.count);
        break;
      case 'h':
        out += pad(date.getUTCHours() % 12 === 0 ? 12 : date.getUTCHours() % 12, p.count);
        break;
      case 'm':
        out += pad(date.getUTCMinutes(), p.count);
        break;
      case 's':
        out += pad(date.getUTCSeconds(), p.count);
        break;
      case 'S':
        out += pad(date.getUTCMilliseconds(), 3).slice(0, p.count).padEnd(p.count, '0');
        break;
      case 'a':
        out += date.getUTCHours() < 12 ? 'AM' : 'PM';
        break;
      case 'Z':
        out += '+0000';
        break;
      case 'X':
      case 'x':
        out += p.letter === 'X' ? 'Z' : '+00:00';
        break;
      default:
        throw new Error(`Unsupported date pattern letter '${p.letter}' in "${pattern}"`);
    }
  }
  return out;
}

/**
 * Formats tried, in order, by `date(s)` without a pattern.
 * Why this order: the ISO forms are unambiguous; among slash forms, US month-first comes first
 * as in Data Prep's list (data-handling.md).
 */
export const defaultDatePatterns = [
  "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  "yyyy-MM-dd'T'HH:mm:ssXXX",
  "yyyy-MM-dd'T'HH:mm:ss.SSS",
  "yyyy-MM-dd'T'HH:mm:ss",
  'yyyy-MM-dd HH:mm:ssZ',
  'yyyy-MM-dd HH:mm:ss.SSS',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy-MM-dd',
  'yyyy/MM/dd HH:mm:ss',
  'yyyy/MM/dd',
  'MM/dd/yyyy HH:mm:ss',
  'MM/dd/yyyy',
  'dd-MMM-yyyy',
  'dd MMM yyyy',
  'MMM dd, yyyy',
  'dd.MM.yyyy',
  'yyyyMMdd',
].map((p) => ({ pattern: p, compiled: compileDatePattern(p) }));
