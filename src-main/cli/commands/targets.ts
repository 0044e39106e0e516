import { type Command, Option } from 'commander';
import { writeOutputFile } from '../../core/files/output-file';
import { schemaFormats, type SchemaFormat } from '../../core/platform/schema-registry';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import { cliServices } from '../services';
import { addTargetOptions, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader schemas`, `datasets` and `schema get`: what a file can be loaded into.
 * Why: choosing a target and fetching its schema are the first networked steps of a load; in a
 * script they come before `prepare`, and `--json` gives the same summaries the app shows (one targets service serves both).
 */
export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program.command('schemas').description('List the schemas of the sandbox: class, Profile enablement, identities').option('--json', 'print JSON'),
  ).action(async (options: TargetOptions & { json?: boolean }) => {
    const { connections, services } = cliServices(ctx);
    const schemas = await services.targets.listSchemas(await connectionRefFrom(ctx, connections, options));
    if (options.json) {
      printJson(ctx, schemas);
      return;
    }
    const rows = schemas.map((s) => [
      s.title,
      s.classId?.split('/').pop() ?? '',
      s.profileEnabled ? 'yes' : 'no',
      s.identities.find((i) => i.primary)?.namespace ?? '',
      s.altId ?? s.id,
    ]);
    for (const line of renderTable(['Title', 'Class', 'Profile', 'Primary id', 'Id'], rows, { width: ctx.width, maxCell: 60, indent: '' }).lines)
      printLine(ctx.out, line);
    printLine(ctx.out, `${schemas.length} schema${schemas.length === 1 ? '' : 's'}.`);
  });

  addTargetOptions(
    program.command('datasets').description('List the datasets of the sandbox and whether they feed Profile').option('--json', 'print JSON'),
  ).action(async (options: TargetOptions & { json?: boolean }) => {
    const { connections, services } = cliServices(ctx);
    const datasets = await services.targets.listDatasets(await connectionRefFrom(ctx, connections, options));
    if (options.json) {
      printJson(ctx, datasets);
      return;
    }
    const rows = datasets.map((d) => [
      d.name,
      d.id,
      d.profileEnabled ? 'yes' : 'no',
      d.identityEnabled ? 'yes' : 'no',
      d.lastBatchStatus ?? '',
      d.schemaId ?? '',
    ]);
    for (const line of renderTable(['Name', 'Id', 'Profile', 'Identity', 'Last batch', 'Schema'], rows, { width: ctx.width, maxCell: 60, indent: '' }).lines) {
      printLine(ctx.out, line);
    }
    printLine(ctx.out, `${datasets.length} dataset${datasets.length === 1 ? '' : 's'}.`);
  });

  const schema = program.command('schema').description('One schema of the sandbox');
  addTargetOptions(
    schema
      .command('get')
      .description(
        'Download a schema: by default resolved, with Compatibility Mode field names and its identity descriptors (xed-full-desc), which suggest and prepare read',
      )
      .argument('<id>', 'schema $id or meta:altId')
      .requiredOption('--out <file>', 'where to write the schema JSON')
      // Why -desc by default: a primary identity is a descriptor, not a field of the document, and a
      // schema saved without it maps and prepares as if it had none.
      .addOption(new Option('--format <format>', 'registry format').choices([...schemaFormats]).default('xed-full-desc')),
  ).action(async (id: string, options: TargetOptions & { out: string; format: SchemaFormat }) => {
    const { connections, services } = cliServices(ctx);
    const document = await services.targets.getSchema(await connectionRefFrom(ctx, connections, options), id, options.format);
    await writeOutputFile(options.out, `${JSON.stringify(document, null, 2)}\n`);
    printLine(ctx.out, `Wrote ${options.out}.`);
  });
}
