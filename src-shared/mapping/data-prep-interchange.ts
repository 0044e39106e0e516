import { z } from 'zod';
import { functionCatalog } from './function-catalog';
import type { ExpressionNode } from './expression-ast';
import type { IdentityRule, MappingFile, MappingRule } from './mapping-types';
import { AuthenticatedState } from './mapping-types';
import { parseExpression } from './parse-expression';

/**
 * Import and export of AEP Data Prep mapping sets (dataprep-notes §1).
 * Why a translation and not our storage format: a mapping set has no identity rules and no
 * app data; identities travel as `identityMap.<ns>[i].id|primary|authenticatedState` mappings,
 * which import recognises and turns back into identity rules, so a round trip is lossless.
 */

const sourceTypes = ['ATTRIBUTE', 'EXPRESSION', 'STATIC'] as const;

export const DataPrepMapping = z
  .object({
    sourceType: z.string(),
    source: z.string(),
    destination: z.string().min(1),
    name: z.string().optional(),
    description: z.string().optional(),
  })
  .loose();
export type DataPrepMapping = z.infer<typeof DataPrepMapping>;

export const DataPrepMappingSet = z
  .object({
    outputSchema: z
      .object({ schemaRef: z.object({ id: z.string(), contentType: z.string().optional() }).loose().optional() })
      .loose()
      .optional(),
    mappings: z.array(DataPrepMapping),
  })
  .loose();
export type DataPrepMappingSet = z.infer<typeof DataPrepMappingSet>;

export interface DataPrepExport {
  mappingSet: {
    outputSchema?: { schemaRef: { id: string; contentType: string } };
    mappings: Array<{ sourceType: (typeof sourceTypes)[number]; source: string; destination: string; description?: string }>;
  };
  /** Functions AEP does not know, per rule; those rules will fail validation in AEP. */
  warnings: string[];
}

/** Escapes dots of a column name for a Data Prep source path (`Full.Name` → `Full\.Name`). */
export function escapeSourcePath(column: string): string {
  return column.replace(/\\/g, '\\\\').replace(/\./g, '\\.');
}

function unescapeSourcePath(source: string): string {
  return source.replace(/\\(.)/g, '$1');
}

function localOnlyFunctions(node: ExpressionNode, out: Set<string>): void {
  if (node.kind === 'call') {
    if (functionCatalog[node.name]?.localOnly) out.add(node.name);
    node.args.forEach((a) => localOnlyFunctions(a, out));
  } else if (node.kind === 'method') {
    localOnlyFunctions(node.target, out);
    node.args.forEach((a) => localOnlyFunctions(a, out));
  } else if (node.kind === 'unary') localOnlyFunctions(node.operand, out);
  else if (node.kind === 'binary') {
    localOnlyFunctions(node.left, out);
    localOnlyFunctions(node.right, out);
  }
}

/** Our mapping file → a Data Prep mapping-set create body. */
export function exportDataPrep(mapping: MappingFile): DataPrepExport {
  const warnings: string[] = [];
  const mappings: DataPrepExport['mappingSet']['mappings'] = mapping.rules.map((rule, i) => {
    const extra = rule.description ? { description: rule.description } : {};
    switch (rule.source.kind) {
      case 'column':
        return { sourceType: 'ATTRIBUTE', source: escapeSourcePath(rule.source.column), destination: rule.destination, ...extra };
      case 'static':
        return { sourceType: 'STATIC', source: rule.source.value, destination: rule.destination, ...extra };
      case 'expression': {
        const used = new Set<string>();
        try {
          localOnlyFunctions(parseExpression(rule.source.expression), used);
        } catch (e) {
          warnings.push(`Rule ${i + 1}: ${(e as Error).message}`);
        }
        if (used.size > 0)
          warnings.push(`Rule ${i + 1}: ${[...used].join(', ')} ${used.size === 1 ? 'is' : 'are'} not a Data Prep function; AEP will refuse this rule`);
        return { sourceType: 'EXPRESSION', source: rule.source.expression, destination: rule.destination, ...extra };
      }
    }
  });
  const perNamespace = new Map<string, number>();
  for (const id of mapping.identities) {
    const index = perNamespace.get(id.namespace) ?? 0;
    perNamespace.set(id.namespace, index + 1);
    const base = `identityMap.${id.namespace}[${index}]`;
    mappings.push(
      { sourceType: 'ATTRIBUTE', source: escapeSourcePath(id.column), destination: `${base}.id` },
      { sourceType: 'STATIC', source: String(id.primary), destination: `${base}.primary` },
      { sourceType: 'STATIC', source: id.authenticatedState, destination: `${base}.authenticatedState` },
    );
  }
  return {
    mappingSet: {
      ...(mapping.schemaRef ? { outputSchema: { schemaRef: { id: mapping.schemaRef.id, contentType: mapping.schemaRef.contentType } } } : {}),
      mappings,
    },
    warnings,
  };
}

const IDENTITY_DEST = /^identityMap\.([^.[\]]+)\[(\d+)\]\.(id|primary|authenticatedState)$/;

/**
 * Data Prep's wildcard index on a destination (`productListItems[*].SKU`) as this app writes it.
 * Why `[0]`: with a flat source (a CSV row, no `[*]` on the source side) the wildcard iterates
 * over one value, so Data Prep writes exactly one element, the first; `[0]` says the same, and
 * exports back as an index Data Prep reads (mapping-set.md, "Field at a specific array index").
 */
function oneElementPerRow(destination: string): string {
  return destination.replace(/\[\*\]/g, '[0]');
}

/** Problems found while importing, each naming the mapping by index (0-based). */
export class DataPrepImportError extends Error {
  readonly index: number;
  constructor(index: number, message: string) {
    super(`Mapping ${index + 1}: ${message}`);
    this.name = 'DataPrepImportError';
    this.index = index;
  }
}

/**
 * A Data Prep mapping set (create body or read response) → our mapping file.
 * Accepts `text/x.schema-path` as ATTRIBUTE and ignores read-only fields; refuses other
 * source types, since exporting them back could make the set uneditable in AEP.
 */
export function importDataPrep(input: unknown): MappingFile {
  const set = DataPrepMappingSet.parse(input);
  const rules: MappingRule[] = [];
  const identities = new Map<string, { index: number; column?: string; primary?: boolean; state?: string; consumed: number[] }>();
  const normalised = set.mappings.map((m, i) => {
    const type = m.sourceType === 'text/x.schema-path' ? 'ATTRIBUTE' : m.sourceType.toUpperCase();
    if (!(sourceTypes as readonly string[]).includes(type))
      throw new DataPrepImportError(i, `unknown sourceType "${m.sourceType}" (expected ATTRIBUTE, EXPRESSION or STATIC)`);
    if (type === 'ATTRIBUTE' && m.source.includes('[*]')) {
      throw new DataPrepImportError(
        i,
        `"${m.source}" iterates over a source array ([*]); a row of a file is one record here, so map each element by its index ([0], [1] …).`,
      );
    }
    return { ...m, sourceType: type as (typeof sourceTypes)[number], destination: oneElementPerRow(m.destination) };
  });
  normalised.forEach((m, i) => {
    const id = IDENTITY_DEST.exec(m.destination);
    if (!id) return;
    const key = `${id[1]}[${id[2]}]`;
    const entry = identities.get(key) ?? { index: i, consumed: [] };
    if (id[3] === 'id' && m.sourceType === 'ATTRIBUTE') entry.column = unescapeSourcePath(m.source);
    else if (id[3] === 'primary' && m.sourceType === 'STATIC' && /^(true|false)$/i.test(m.source)) entry.primary = m.source.toLowerCase() === 'true';
    else if (id[3] === 'authenticatedState' && m.sourceType === 'STATIC' && AuthenticatedState.safeParse(m.source).success) entry.state = m.source;
    else return;
    entry.consumed.push(i);
    identities.set(key, entry);
  });
  const identityRules: Array<{ order: number; rule: IdentityRule }> = [];
  const consumed = new Set<number>();
  for (const [key, entry] of identities) {
    if (entry.column === undefined) continue;
    const namespace = key.slice(0, key.indexOf('['));
    identityRules.push({
      order: entry.index,
      rule: { column: entry.column, namespace, primary: entry.primary ?? false, authenticatedState: AuthenticatedState.parse(entry.state ?? 'ambiguous') },
    });
    entry.consumed.forEach((i) => consumed.add(i));
  }
  normalised.forEach((m, i) => {
    if (consumed.has(i)) return;
    const extra = m.description ? { description: m.description } : {};
    if (m.sourceType === 'ATTRIBUTE') rules.push({ source: { kind: 'column', column: unescapeSourcePath(m.source) }, destination: m.destination, ...extra });
    else if (m.sourceType === 'STATIC') rules.push({ source: { kind: 'static', value: m.source }, destination: m.destination, ...extra });
    else rules.push({ source: { kind: 'expression', expression: m.source }, destination: m.destination, ...extra });
  });
  const ref = set.outputSchema?.schemaRef;
  return {
    version: 1,
    ...(ref ? { schemaRef: { id: ref.id, contentType: ref.contentType ?? 'application/vnd.adobe.xed-full+json;version=1' } } : {}),
    rules,
    identities: identityRules.sort((a, b) => a.order - b.order).map((r) => r.rule),
  };
}
