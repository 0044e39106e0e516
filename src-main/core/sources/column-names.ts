import type { InspectionWarning } from '../../../src-shared/domain/inspection';

/**
 * Column names made usable: trimmed, never empty, never repeated.
 * Why: mappings and row records are keyed by column name, so "" or two "email" columns would make
 * one column unreachable; the renaming is reported as a warning rather than done silently.
 */
export function normalizeColumnNames(raw: readonly string[]): { names: string[]; warnings: InspectionWarning[] } {
  const warnings: InspectionWarning[] = [];
  const emptyAt: number[] = [];
  const duplicates = new Set<string>();
  const seen = new Set<string>();
  const names = raw.map((cell, index) => {
    const name = cell.trim();
    if (name === '') {
      emptyAt.push(index + 1);
      return `column_${index + 1}`;
    }
    return name;
  });
  const result = names.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    duplicates.add(name);
    let suffix = 2;
    while (seen.has(`${name}_${suffix}`) || names.includes(`${name}_${suffix}`)) suffix += 1;
    const renamed = `${name}_${suffix}`;
    seen.add(renamed);
    return renamed;
  });
  if (emptyAt.length > 0) {
    warnings.push({
      kind: 'empty-column-name',
      message: `${emptyAt.length} column(s) have no name in the header (position ${emptyAt.join(', ')}); named column_<position>`,
      count: emptyAt.length,
    });
  }
  if (duplicates.size > 0) {
    warnings.push({
      kind: 'duplicate-column',
      message: `Repeated column name(s) ${[...duplicates].map((name) => `"${name}"`).join(', ')}; later ones get a _2, _3... suffix`,
      count: duplicates.size,
    });
  }
  return { names: result, warnings };
}

/** Names for a file without a header row. */
export function positionalColumnNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `column_${index + 1}`);
}
