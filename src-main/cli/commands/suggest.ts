import type { Command } from 'commander';
import { mappingFromSuggestions, primaryIdentityPath, suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { columnsWithSamples } from '../../../src-shared/mapping/column-values';
import { saveMappingFile } from '../../core/mapping/index';
import { inspectFile } from '../../core/sources/index';
import { loadSchemaFile } from '../../core/xdm/index';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import { addReadOptions, checkReadAgainst, inspectOptionsOf, resolveRead, readOptionsHelp, readUsed, type ReadFlags } from '../read-options';

/**
 * `xdm-loader suggest FILE --schema SCHEMA.json [--out MAP.json] [--json]`: proposes a mapping.
 * Why: the same suggestions as the mapping screen, so a first mapping file can be produced in a
 * script and then edited; ambiguous columns are listed with their candidates, never guessed.
 * The file is read as the read-settings flags say, so the columns (their names without a header,
 * their types) are those the File step would hand the Map step.
 */
export function register(program: Command, ctx: CliContext): void {
  addReadOptions(
    program
      .command('suggest')
      .description('Suggest XDM destinations for the columns of a file (by name, title, description and type)')
      .argument('<file>', 'CSV, TSV, JSON, JSON Lines or Parquet file')
      .requiredOption('--schema <schema.json>', 'resolved XDM schema (xed-full JSON), or {"class", "fieldGroups"} for a standard one')
      .option('--out <map.json>', 'write the suggested mapping file here')
      .option('--json', 'print the suggestions as JSON, with `read`: the read settings used'),
  )
    .addHelpText(
      'after',
      readOptionsHelp("xdm-loader suggest export.txt --delimiter ';' --no-header --date-format column_3=dd/MM/yyyy --schema s.json --out m.json"),
    )
    .action(async (file: string, options: ReadFlags & { schema: string; out?: string; json?: boolean }, command: Command) => {
      const read = await resolveRead(ctx, command, file, options);
      const schema = await loadSchemaFile(options.schema);
      const inspection = await inspectFile(file, { maxRows: 100, ...inspectOptionsOf(read) });
      checkReadAgainst(command, read.settings, inspection);
      const columns = columnsWithSamples(inspection);
      const suggestions = suggestMappings(columns, schema.tree);
      const mapping = mappingFromSuggestions(suggestions, schema.tree.schemaId || undefined, columns, primaryIdentityPath(schema.tree));
      if (options.out) await saveMappingFile(options.out, mapping);
      if (options.json) {
        printJson(ctx, { suggestions, mapping, read: readUsed(inspection, read) });
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
