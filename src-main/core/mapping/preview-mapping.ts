import type { CellValue } from '../../../src-shared/domain/inspection';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import type { XdmIssue } from '../../../src-shared/xdm/issue-kinds';
import { makeIssue } from '../../../src-shared/xdm/issue-kinds';
import type { LoadedSchema } from '../xdm/load-schema';
import { compileRecordValidator } from '../xdm/record-validator';
import { compileMapping } from './compile-mapping';

/** One sample row as XDM, with the issues of each field. */
export interface PreviewRow {
  rowNumber: number;
  record: Record<string, unknown>;
  issues: XdmIssue[];
  accepted: boolean;
}

export type PreviewInput = { rowNumber: number; cells: readonly string[] } | { rowNumber: number; record: Readonly<Record<string, CellValue>> };

/**
 * Maps and validates a few sample rows exactly as the prepare job would.
 * Why the same code path: a preview that disagrees with the job is worse than none; both
 * compile the mapping and the validator with the same options.
 */
export function previewMapping(rows: readonly PreviewInput[], mapping: MappingFile, schema: LoadedSchema, columns?: readonly string[]): PreviewRow[] {
  const mapper = compileMapping(mapping, { ...(columns ? { columns } : {}), tree: schema.tree });
  const validator = compileRecordValidator(schema.schema, { dataPrepBooleans: true, descriptors: schema.descriptors });
  return rows.map((row) => {
    if ('cells' in row && columns && row.cells.length !== columns.length) {
      return {
        rowNumber: row.rowNumber,
        record: {},
        issues: [makeIssue('malformed-row', '', `row has ${row.cells.length} cells but the header has ${columns.length} columns`)],
        accepted: false,
      };
    }
    const mapped = mapper.map('cells' in row ? { cells: row.cells } : { record: row.record });
    const verdict = validator.validate(mapped.record);
    const issues = [...mapped.issues, ...verdict.issues];
    return { rowNumber: row.rowNumber, record: verdict.record, issues, accepted: mapped.issues.length === 0 && verdict.accepted };
  });
}
