import type { Command } from 'commander';
import { mappingFromSuggestions, primaryIdentityPath, suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { columnsWithSamples } from '../../../src-shared/mapping/column-values';
import { saveMappingFile } from '../../core/mapping/index';
import { inspectFile } from '../../core/sources/index';
import { loadSchemaFile } from '../../core/xdm/index';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';

/**
 * `xdm-loader suggest FILE --schema SCHEMA.json [--out MAP.json] [--json]`: proposes a mapping.
 * Why: the same suggestions as the mapping screen, so a first mapping file can be produced in a
 * script and then edited; ambiguous columns are listed with their candidates, never guessed.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('suggest')
    .description('Suggest XDM destinations for the columns of a file (by name, title, description and type)')
    .argument('<file>', 'CSV, TSV, JSON, JSON Lines or Parquet file')
    .requiredOption('--schema <schema.json>', 'resolved XDM schema (xed-full JSON), or {"class", "fieldGroups"} for a standard one')
    .option('--out <map.json>', 'write the suggested mapping file here')
    .option('--json', 'print the suggestions as JSON')
    .action(async (file: string, options: { schema: string; out?: string; json?: boolean }) => {
      const schema = await loadSchemaFile(options.schema);
      const inspection = await inspectFile(file, { maxRows: 100 });
      const columns = columnsWithSamples(inspection);
      const suggestions = suggestMappings(columns, schema.tree);
      const mapping = mappingFromSuggestions(suggestions, schema.tree.schemaId || undefined, columns, primaryIdentityPath(schema.tree));
      if (options.out) await saveMappingFile(options.out, mapping);
      if (options.json) {
        printJson(ctx, { suggestions, mapping });
        return;
      }
      const rows = suggestions.map((s) => [
        s.column,
        s.path ??
          (s.status === 'ambiguous'
            ? `? ${s.candidates
                .slice(0, 2)
                .map((c) => c.path)
                .join(' | ')}`
            : '-'),
        s.score.toFixed(2),
        s.status,
      ]);
      for (const line of renderTable(['Column', 'XDM field', 'Score', 'Status'], rows, { width: ctx.width, maxCell: 60 }).lines) printLine(ctx.out, line);
      const matched = suggestions.filter((s) => s.path).length;
      printLine(ctx.out);
      printLine(ctx.out, `${matched} of ${suggestions.length} column(s) mapped; ${mapping.identities.length} identity rule(s).`);
      if (options.out) printLine(ctx.out, `Mapping written to ${options.out}`);
    });
}
