import type { CellValue } from '../../../src-shared/domain/inspection';
import { AppError } from '../../../src-shared/domain/errors';
import { isPrototypeKey, ownValue } from '../../../src-shared/domain/own-keys';
import type { PathSegment } from '../../../src-shared/mapping/destination-path';
import { fieldPathOf, parseDestinationPath, setAtPath } from '../../../src-shared/mapping/destination-path';
import { ExpressionError } from '../../../src-shared/mapping/expression-ast';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import { parseExpression, referencedFields } from '../../../src-shared/mapping/parse-expression';
import type { XdmField, XdmFieldTree } from '../../../src-shared/xdm/field-tree';
import { flattenFields } from '../../../src-shared/xdm/field-tree';
import type { XdmIssue } from '../../../src-shared/xdm/issue-kinds';
import { makeIssue } from '../../../src-shared/xdm/issue-kinds';
import { compileExpression } from './evaluate-expression';
import type { FieldReader } from './evaluate-expression';
import { EvaluationError } from './expression-functions';
import { applyIdentityRules } from './identity-map';

/** A problem with a mapping itself (not with a row), located by rule and character. */
export interface MappingProblem {
  /** 0-based rule index; identity rules are numbered after the ordinary rules. */
  ruleIndex: number;
  offset?: number;
  message: string;
}

/** One source row: CSV cells by position, or a JSON/Parquet record. */
export type MappableRow = { cells: readonly string[] } | { record: Readonly<Record<string, CellValue>> };

export interface MappedRow {
  record: Record<string, unknown>;
  issues: XdmIssue[];
}

export interface CompiledMapping {
  map(row: MappableRow): MappedRow;
}

export interface CompileOptions {
  /** Header of the source (CSV columns or top-level record keys); used to check column rules. */
  columns?: readonly string[];
  /** Field tree of the target schema; destinations outside it are refused. */
  tree?: XdmFieldTree;
}

interface CompiledRule {
  index: number;
  destination: string;
  segments: PathSegment[];
  field: XdmField | undefined;
  evaluate: (read: FieldReader) => unknown;
  /** Writes the value at the destination; false when a parent or child path is in the way. */
  set: (record: Record<string, unknown>, value: unknown) => boolean;
  /** For a column rule over CSV cells: the column's position, read without the field reader. */
  column: number | undefined;
}

/**
 * A setter for one destination path, resolved once.
 * Why: mapping runs per row for millions of rows; a path of plain keys (the usual case) is
 * walked with its keys in an array instead of re-inspecting each segment's kind, and behaves as
 * {@link setAtPath} does. Paths with array indexes use setAtPath itself.
 */
export function compileSetter(segments: readonly PathSegment[]): (record: Record<string, unknown>, value: unknown) => boolean {
  const keys: string[] = [];
  for (const segment of segments) {
    if (!('key' in segment)) return (record, value) => setAtPath(record, segments, value);
    keys.push(segment.key);
  }
  // A key Object.prototype answers to (`constructor`, `__proto__`) takes the general path,
  // which reads and writes own keys only; plain keys keep the quick walk.
  if (keys.some(isPrototypeKey)) return (record, value) => setAtPath(record, segments, value);
  const last = keys.length - 1;
  const leaf = keys[last] as string;
  return (record, value) => {
    let node = record;
    for (let i = 0; i < last; i++) {
      const key = keys[i] as string;
      let child = node[key];
      if (child === undefined) {
        child = {};
        node[key] = child;
      } else if (typeof child !== 'object' || child === null || Array.isArray(child)) return false;
      node = child as Record<string, unknown>;
    }
    node[leaf] = value;
    return true;
  };
}

/** Unescapes a Data Prep source path (`Full\.Name` → `Full.Name`) into a column name. */
function columnName(source: string): string {
  return source.replace(/\\(.)/g, '$1');
}

function destinationField(byPath: ReadonlyMap<string, XdmField>, destination: string): XdmField | undefined {
  const path = fieldPathOf(destination);
  const exact = byPath.get(path);
  if (exact) return exact;
  // A map value or an item below a map (`identityMap.Email[0].id`): accept under the map field.
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const f = byPath.get(parts.slice(0, i).join('.'));
    if (f?.type === 'map') return f;
  }
  return undefined;
}

/**
 * Checks a mapping against the source columns and the schema without running it.
 * Why a list: the mapping screen shows every broken rule at once, each with its position.
 */
export function checkMapping(mapping: MappingFile, options: CompileOptions = {}): MappingProblem[] {
  return compileInternal(mapping, options).problems;
}

/**
 * Compiles a mapping into a row mapper. Throws `INVALID_INPUT` listing every problem.
 * Why compile: expressions are parsed, columns resolved to indexes and destination paths
 * split once; mapping a row is then a loop of closures.
 */
export function compileMapping(mapping: MappingFile, options: CompileOptions = {}): CompiledMapping {
  const { problems, compiled } = compileInternal(mapping, options);
  if (problems.length > 0) {
    const first = problems[0] as MappingProblem;
    throw new AppError('INVALID_INPUT', problems.map((p) => p.message).join('\n'), { field: `rules[${first.ruleIndex}]` });
  }
  return compiled;
}

function compileInternal(mapping: MappingFile, options: CompileOptions): { problems: MappingProblem[]; compiled: CompiledMapping } {
  const problems: MappingProblem[] = [];
  const columns = options.columns;
  const columnSet = columns ? new Set(columns) : undefined;
  const byPath = new Map<string, XdmField>();
  if (options.tree) for (const f of flattenFields(options.tree)) byPath.set(f.path, f);
  const rules: CompiledRule[] = [];
  const seen = new Map<string, number>();

  mapping.rules.forEach((rule, index) => {
    let segments: PathSegment[];
    try {
      segments = parseDestinationPath(rule.destination);
    } catch (e) {
      problems.push({ ruleIndex: index, message: `Rule ${index + 1}: ${(e as Error).message}` });
      return;
    }
    const field = options.tree ? destinationField(byPath, rule.destination) : undefined;
    if (options.tree && !field) {
      problems.push({ ruleIndex: index, message: `Rule ${index + 1}: "${rule.destination}" is not a field of the schema` });
      return;
    }
    if (field && field.type === 'object' && rule.source.kind !== 'expression') {
      problems.push({ ruleIndex: index, message: `Rule ${index + 1}: "${rule.destination}" is an object; map its fields instead` });
      return;
    }
    const prior = seen.get(rule.destination);
    if (prior !== undefined)
      problems.push({ ruleIndex: index, message: `Rule ${index + 1}: "${rule.destination}" is already the destination of rule ${prior + 1}` });
    seen.set(rule.destination, index);
    let evaluate: (read: FieldReader) => unknown;
    switch (rule.source.kind) {
      case 'column': {
        // Our files hold the literal column name; only Data Prep paths escape dots (import unescapes).
        const name = rule.source.column;
        if (columnSet && !columnSet.has(name)) {
          problems.push({ ruleIndex: index, message: `Rule ${index + 1}: no column named "${name}" in the source` });
          return;
        }
        evaluate = (read) => read(name);
        break;
      }
      case 'static': {
        const value = rule.source.value;
        evaluate = () => value;
        break;
      }
      case 'expression': {
        try {
          const ast = parseExpression(rule.source.expression, index);
          if (columnSet) {
            const missing = referencedFields(ast).filter((f) => !columnSet.has(columnName(f)) && !columnSet.has(columnName(f).split('.')[0] as string));
            if (missing.length > 0) {
              problems.push({ ruleIndex: index, message: `Rule ${index + 1}: no column named ${missing.map((m) => `"${m}"`).join(', ')} in the source` });
              return;
            }
          }
          evaluate = compileExpression(ast);
        } catch (e) {
          if (e instanceof ExpressionError) problems.push({ ruleIndex: index, offset: e.offset, message: e.message });
          else problems.push({ ruleIndex: index, message: `Rule ${index + 1}: ${(e as Error).message}` });
          return;
        }
        break;
      }
    }
    const column = rule.source.kind === 'column' && columns ? columns.indexOf(rule.source.column) : -1;
    rules.push({ index, destination: rule.destination, segments, field, evaluate, set: compileSetter(segments), column: column >= 0 ? column : undefined });
  });

  mapping.identities.forEach((identity, i) => {
    const index = mapping.rules.length + i;
    if (columnSet && !columnSet.has(identity.column))
      problems.push({ ruleIndex: index, message: `Identity ${i + 1}: no column named "${identity.column}" in the source` });
  });
  if (options.tree && mapping.identities.length > 0 && !byPath.has('identityMap'))
    problems.push({ ruleIndex: mapping.rules.length, message: 'Identity rules need an identityMap in the schema (add the IdentityMap field group)' });

  const hasIndexes = rules.some((r) => r.segments.some((s) => 'index' in s));
  const columnIndex = new Map<string, number>();
  columns?.forEach((c, i) => {
    if (!columnIndex.has(c)) columnIndex.set(c, i);
  });

  const compiled: CompiledMapping = {
    map(row) {
      const read = readerFor(row, columnIndex);
      const cells = 'cells' in row ? row.cells : undefined;
      const record: Record<string, unknown> = {};
      const issues: XdmIssue[] = [];
      for (const rule of rules) {
        let value: unknown;
        if (cells !== undefined && rule.column !== undefined) {
          // A column rule is the column's text, empty meaning absent (as the field reader does).
          const text = cells[rule.column];
          if (text === undefined || text === '') continue;
          value = text;
        } else {
          try {
            value = rule.evaluate(read);
          } catch (e) {
            const message = e instanceof EvaluationError ? e.message : `unexpected failure: ${(e as Error).message}`;
            issues.push(makeIssue('mapping-error', rule.destination, `rule ${rule.index + 1}: ${message}`));
            continue;
          }
          value = normaliseMappedValue(value, rule.field);
          if (value === undefined) continue;
        }
        if (!rule.set(record, value))
          issues.push(makeIssue('mapping-error', rule.destination, `rule ${rule.index + 1}: clashes with another rule writing a parent or child path`));
      }
      applyIdentityRules(record, mapping.identities, read);
      if (hasIndexes) compactArrays(record);
      return { record, issues };
    },
  };
  return { problems, compiled };
}

function readerFor(row: MappableRow, columnIndex: ReadonlyMap<string, number>): FieldReader {
  if ('cells' in row) {
    const cells = row.cells;
    return (name) => {
      const i = columnIndex.get(name);
      const v = i === undefined ? undefined : cells[i];
      return v === undefined || v === '' ? null : v;
    };
  }
  const rec = row.record;
  return (path) => {
    if (Object.hasOwn(rec, path)) return rec[path] ?? null;
    let node: unknown = rec;
    for (const seg of path.split('.')) {
      if (typeof node !== 'object' || node === null) return null;
      node = ownValue(node, seg);
    }
    return node === undefined || node === '' ? null : node;
  };
}

/**
 * Shapes an evaluated value for its destination.
 * Why: null and empty values must be left out (AEP refuses them); dates from `date()` become the
 * text the target type wants; everything else is converted later by AEP's rules.
 */
export function normaliseMappedValue(value: unknown, field: Pick<XdmField, 'type'> | undefined): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    if (field?.type === 'date') return value.toISOString().slice(0, 10);
    return value.toISOString();
  }
  return value;
}

/**
 * Drops the holes that rules writing some indexes of an array and not others leave in it.
 * A value's bytes (a Buffer, as Parquet parts take strings) are a leaf, not an object to walk.
 */
export function compactArrays(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) if (!(i in node)) node.splice(i, 1);
    node.forEach(compactArrays);
  } else if (typeof node === 'object' && node !== null && !ArrayBuffer.isView(node)) {
    for (const v of Object.values(node)) compactArrays(v);
  }
}
