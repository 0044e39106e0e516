import { MAX_ROW_CHARS } from './limits';
import { malformedFile } from './source-errors';

/**
 * Splits a JSON array, fed in chunks, into the source text of its elements.
 * Why: a JSON array file can be gigabytes in one document; JSON.parse needs it whole. This
 * scanner only tracks nesting and strings to find where each element ends, so memory holds one
 * element at a time, and each element keeps the line it starts on for error messages. The
 * elements themselves are parsed by JSON.parse. An element longer than MAX_ROW_CHARS is not
 * kept: its text is dropped as it is scanned and it comes out as `tooLong`, so one huge element
 * cannot hold the memory.
 */

export interface ScannedElement {
  readonly text: string;
  /** 1-based line on which the element starts (line breaks normalised to '\n'). */
  readonly line: number;
  /** The element was longer than MAX_ROW_CHARS: `text` is empty. */
  readonly tooLong?: boolean;
}

type State = 'start' | 'before-value' | 'in-value' | 'after-value' | 'done';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const NEWLINE = 0x0a;

const isWhitespace = (code: number): boolean => code === 0x20 || code === 0x09 || code === NEWLINE || code === 0x0d;

export class JsonArrayScanner {
  private state: State = 'start';
  private line = 1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private afterComma = false;
  private pieces: string[] = [];
  private pieceChars = 0;
  private tooLong = false;
  private elementLine = 0;

  constructor(private readonly label: string) {}

  /** True once the closing bracket has been seen. */
  get closed(): boolean {
    return this.state === 'done';
  }

  /** Feeds a chunk; returns the elements completed by it. */
  push(chunk: string): ScannedElement[] {
    const out: ScannedElement[] = [];
    let start = this.state === 'in-value' ? 0 : -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const code = chunk.charCodeAt(i);
      switch (this.state) {
        case 'start':
          if (isWhitespace(code)) break;
          if (code !== OPEN_BRACKET) throw malformedFile(this.label, 'a JSON file must hold an array of records ([ ... ])', this.line);
          this.state = 'before-value';
          break;
        case 'before-value':
          if (isWhitespace(code)) break;
          if (code === CLOSE_BRACKET && !this.afterComma) {
            this.state = 'done';
            break;
          }
          if (code === CLOSE_BRACKET || code === COMMA) throw malformedFile(this.label, 'invalid JSON: a value is missing in the array', this.line);
          this.state = 'in-value';
          this.elementLine = this.line;
          this.depth = 0;
          start = i;
          i -= 1; // read this character again as part of the value
          continue;
        case 'in-value': {
          if (this.inString) {
            if (this.escaped) this.escaped = false;
            else if (code === BACKSLASH) this.escaped = true;
            else if (code === QUOTE) this.inString = false;
          } else if (code === QUOTE) this.inString = true;
          else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth += 1;
          else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            if (this.depth === 0) {
              // A scalar ends where the array does.
              out.push(this.finish(chunk.slice(start, i)));
              this.state = 'after-value';
              i -= 1;
              continue;
            }
            this.depth -= 1;
            if (this.depth === 0) {
              out.push(this.finish(chunk.slice(start, i + 1)));
              this.state = 'after-value';
            }
          } else if (this.depth === 0 && (code === COMMA || isWhitespace(code))) {
            out.push(this.finish(chunk.slice(start, i)));
            this.state = 'after-value';
            i -= 1;
            continue;
          }
          break;
        }
        case 'after-value':
          if (isWhitespace(code)) break;
          if (code === COMMA) {
            this.state = 'before-value';
            this.afterComma = true;
          } else if (code === CLOSE_BRACKET) this.state = 'done';
          else throw malformedFile(this.label, "invalid JSON: expected ',' or ']' after an array element", this.line);
          break;
        case 'done':
          if (!isWhitespace(code)) throw malformedFile(this.label, 'invalid JSON: unexpected content after the closing ]', this.line);
          break;
      }
      if (code === NEWLINE) this.line += 1;
    }
    if (this.state === 'in-value' && !this.tooLong) {
      this.pieces.push(chunk.slice(start));
      this.pieceChars += chunk.length - start;
      if (this.pieceChars > MAX_ROW_CHARS) {
        this.tooLong = true;
        this.pieces = [];
      }
    }
    return out;
  }

  /** Checks the array was closed; call at the end of the file. */
  end(): void {
    if (this.state === 'start') throw malformedFile(this.label, 'a JSON file must hold an array of records ([ ... ])');
    if (this.state !== 'done') throw malformedFile(this.label, 'invalid JSON: the file ends before the array is closed', this.line);
  }

  private finish(tail: string): ScannedElement {
    const tooLong = this.tooLong || this.pieceChars + tail.length > MAX_ROW_CHARS;
    this.pieces.push(tail);
    const text = tooLong ? '' : this.pieces.join('');
    this.pieces = [];
    this.pieceChars = 0;
    this.tooLong = false;
    this.afterComma = false;
    return tooLong ? { text, line: this.elementLine, tooLong } : { text, line: this.elementLine };
  }
}
