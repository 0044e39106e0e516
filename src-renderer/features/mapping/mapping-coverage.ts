import type { ColumnSuggestion, MappingProblem, PreviewRecord } from '../../../src-shared/ipc/requests/mapping';
import type { IdentityRule, MappingRule } from '../../../src-shared/mapping/mapping-types';
import { parseExpression, referencedFields } from '../../../src-shared/mapping/parse-expression';
import { nameTokens } from '../../../src-shared/mapping/suggest-mapping';

/**
 * What the sample panel may claim about the mapping.
 * Why not just "accepted" counts: a mapping with an invalid rule is mapped without that rule, so
 * its rows can all pass while the prepare job refuses to run; and with nothing mapped every row
 * is an empty record, which passes too. Neither is a sample that "looks right".
 */
export type SampleVerdict = { kind: 'nothing-mapped' } | { kind: 'invalid-rules'; invalid: number } | { kind: 'checked'; accepted: number; rows: number };

/** Whether the mapping writes anything: a rule with a destination, or an identity. */
export function mapsSomething(mapping: { rules: readonly MappingRule[]; identities: readonly IdentityRule[] }): boolean {
  return mapping.rules.some((r) => r.destination) || mapping.identities.length > 0;
}

export function sampleVerdict(records: readonly PreviewRecord[], problems: readonly MappingProblem[], mapsSomething: boolean): SampleVerdict {
  if (!mapsSomething) return { kind: 'nothing-mapped' };
  const invalid = new Set(problems.map((p) => p.ruleIndex)).size;
  if (invalid > 0) return { kind: 'invalid-rules', invalid };
  return { kind: 'checked', accepted: records.filter((r) => r.accepted).length, rows: records.length };
}

/** The columns a rule or an identity reads; an expression that does not parse reads none yet. */
function readColumns(rule: MappingRule): string[] {
  switch (rule.source.kind) {
    case 'column':
      return [rule.source.column];
    case 'static':
      return [];
    case 'expression':
      try {
        return referencedFields(parseExpression(rule.source.expression));
      } catch {
        return [];
      }
  }
}

/**
 * The source columns no rule and no identity reads, in the file's order.
 * Why: after accepting suggestions the steward must see what is left behind, or a column is
 * dropped from every record without anyone deciding it.
 */
export function unmappedColumns(columns: readonly string[], rules: readonly MappingRule[], identities: readonly IdentityRule[]): string[] {
  const read = new Set<string>(identities.map((i) => i.column));
  for (const rule of rules) for (const column of readColumns(rule)) read.add(column);
  return columns.filter((c) => !read.has(c) && !read.has(c.split('.')[0] as string));
}

/** Shared words of two names over all their words (0 to 1). */
function likeness(a: readonly string[], b: readonly string[]): number {
  const right = new Set(b);
  const shared = a.filter((w) => right.has(w)).length;
  return shared === 0 ? 0 : shared / new Set([...a, ...b]).size;
}

/**
 * The column a new rule to `path` should start from ("+" beside an XDM field).
 * Why not the first column: the steward pressed + on a field because some column belongs there;
 * the suggestion engine's choice for that field comes first, then the column whose name is most
 * like the field's, then a column no rule reads yet.
 */
export function columnForField(path: string, columns: readonly string[], suggestions: readonly ColumnSuggestion[], rules: readonly MappingRule[]): string {
  const available = new Set(columns);
  const suggested = suggestions
    .flatMap((s) => [
      ...(s.path === path ? [{ column: s.column, score: s.score }] : []),
      ...s.candidates.filter((c) => c.path === path).map((c) => ({ column: s.column, score: c.score })),
    ])
    .filter((s) => available.has(s.column))
    .sort((a, b) => b.score - a.score)[0];
  if (suggested) return suggested.column;
  const fieldWords = nameTokens(path.split('.').pop() ?? path);
  let best: { column: string; score: number } | null = null;
  for (const column of columns) {
    const score = likeness(nameTokens(column), fieldWords);
    if (score > (best?.score ?? 0)) best = { column, score };
  }
  if (best) return best.column;
  return unmappedColumns(columns, rules, [])[0] ?? columns[0] ?? '';
}

/**
 * What the suggestions banner says of a column no schema field was suggested for.
 * Why not just "no match": a column the suggestions made an identity (an event file's `email`,
 * which an ExperienceEvent schema has no field for) does go somewhere, into identityMap; saying
 * "no match" made the steward map it a second time or think it would be dropped.
 */
export function openSuggestionWords(suggestion: ColumnSuggestion, identities: readonly IdentityRule[]): string {
  const identity = identities.find((i) => i.column === suggestion.column);
  if (identity) return `→ identity ${identity.namespace}${identity.primary ? ', primary' : ''} (identityMap.${identity.namespace})`;
  if (suggestion.status === 'ambiguous')
    return `ambiguous: ${suggestion.candidates
      .slice(0, 2)
      .map((c) => c.path)
      .join(' or ')}`;
  return 'no match';
}
