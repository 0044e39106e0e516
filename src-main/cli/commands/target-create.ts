import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { AppError } from '../../../src-shared/domain/errors';
import { saveMappingFile } from '../../core/mapping/index';
import type { ReadColumns, TargetChoices } from '../../core/services/index';
import { inspectFile } from '../../core/sources/index';
import { type CreationReport, describeIncomplete, profileColumns, type TargetClass, type TargetProposal } from '../../core/targets/index';
import type { CliContext } from '../context';
import { printJson, printLine, renderTable } from '../output';
import {
  addReadOptions,
  checkReadAgainst,
  inspectOptionsOf,
  resolveRead,
  readOptionsHelp,
  readFlagsText,
  readUsed,
  type CliRead,
  type ReadFlags,
} from '../read-options';
import { cliServices } from '../services';
import { addTargetOptions, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader schema create --from FILE` and `xdm-loader dataset create --schema ID`: a
 * Profile-ready target for a file that has none yet (issue 15).
 * Why the proposal is printed with what was created: a steward reads the field tree, the column
 * feeding each field and the identity before trusting the schema, and `--dry-run` shows just that
 * (with what already exists) without creating anything. The file is read as the read-settings
 * flags say: a column chosen as text is a string field, a date format makes a date field.
 */
interface SchemaCreateOptions extends TargetOptions, ReadFlags {
  from: string;
  class?: TargetClass;
  name?: string;
  identity?: { column: string; namespace: string };
  dataset?: string;
  dryRun?: boolean;
  mappingOut?: string;
  schemaOut?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    addReadOptions(
      commandGroup(program, 'schema', 'One schema of the sandbox')
        .command('create')
        .description('Propose a Profile-ready schema from a file, then create it with its identity, union tag and dataset')
        .requiredOption('--from <file>', 'CSV, TSV, JSON, JSON Lines or Parquet file whose columns the schema holds')
        .addOption(new Option('--class <class>', 'XDM class (default: guessed from the columns)').choices(['profile', 'event']))
        .option('--name <name>', 'schema title (default: the file name)')
        .option('--identity <column:namespace>', 'primary identity column and namespace code (a new code becomes a custom namespace)', parseIdentity)
        .option('--dataset <name>', 'dataset name (default: the schema title)')
        .option('--dry-run', 'show the proposal and what exists; create nothing')
        .option('--mapping-out <map.json>', 'write the mapping into the new schema here')
        .option('--schema-out <schema.json>', 'write the created schema (resolved, with its descriptors) here, for prepare')
        .option('--json', 'print { proposal, creation, read } as JSON (read: the read settings used)'),
    ).addHelpText(
      'after',
      readOptionsHelp(
        "xdm-loader schema create --from export.txt --delimiter ';' --no-header --column-type column_2=string --identity column_2:CRMID --dry-run",
      ),
    ),
  ).action(async (options: SchemaCreateOptions, command: Command) => {
    const read = await resolveRead(ctx, command, options.from, options);
    const inspection = await inspectFile(options.from, { maxRows: 1, ...inspectOptionsOf(read) });
    checkReadAgainst(command, read.settings, inspection);
    const { connections, services } = cliServices(ctx);
    const on = await connectionRefFrom(ctx, connections, options);
    const choices: TargetChoices = {
      ...(options.class ? { class: options.class } : {}),
      ...(options.name ? { name: options.name } : {}),
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.dataset ? { datasetName: options.dataset } : {}),
    };
    const proposal = await services.targetFromFile.propose(on, options.from, choices, { read: columnsAsRead(read) });
    const creation = await services.targetFromFile.create(on, proposal, { dryRun: options.dryRun === true });
    if (creation.mapping && options.mappingOut) await saveMappingFile(options.mappingOut, creation.mapping);
    if (creation.complete && creation.schemaId && options.schemaOut) {
      const schema = await services.targets.getSchema(on, creation.schemaId, 'xed-full-desc');
      await writeFile(options.schemaOut, `${JSON.stringify(schema, null, 2)}\n`);
    }
    if (options.json) printJson(ctx, { proposal, creation, read: readUsed(inspection, read) });
    else printCreation(ctx, proposal, creation, options, readFlagsText(read.settings));
    if (!creation.dryRun && !creation.complete) {
      const failed = creation.steps.find((s) => s.status === 'failed');
      throw new AppError(failed?.error?.code ?? 'INTERNAL', describeIncomplete(creation));
    }
  });

  addTargetOptions(
    commandGroup(program, 'dataset', 'One dataset of the sandbox')
      .command('create')
      .description('Create a dataset of a schema, enabled for Profile and Identity with --profile')
      .requiredOption('--schema <id>', 'schema $id or meta:altId')
      .option('--name <name>', 'dataset name (default: the schema title)')
      .option('--profile', 'tag the dataset for Profile and Identity (the schema must be enabled for Profile)')
      .option('--json', 'print the dataset as JSON'),
  ).action(async (options: TargetOptions & { schema: string; name?: string; profile?: boolean; json?: boolean }) => {
    const { connections, services } = cliServices(ctx);
    const on = await connectionRefFrom(ctx, connections, options);
    const schema = (await services.targets.listSchemas(on)).find((s) => s.id === options.schema || s.altId === options.schema);
    if (!schema) throw new AppError('NOT_FOUND', `The sandbox has no schema ${options.schema}.`);
    if (options.profile && !schema.profileEnabled) {
      throw new AppError('INVALID_INPUT', `Schema "${schema.title}" is not enabled for Profile (no union tag); a Profile dataset needs one that is.`);
    }
    const dataset = await services.targets.createDataset(on, { name: options.name ?? schema.title, schemaId: schema.id, profile: options.profile === true });
    if (options.json) {
      printJson(ctx, dataset);
      return;
    }
    printLine(
      ctx.out,
      `Created dataset "${dataset.name}" (${dataset.id}) of schema "${schema.title}"${dataset.profileEnabled ? ', enabled for Profile and Identity' : ''}.`,
    );
  });
}

/** The whole file's columns, read as the flags say (in this process: the CLI has no window to keep free). */
function columnsAsRead(read: CliRead): ReadColumns {
  return (file, signal) =>
    profileColumns(file, {
      ...(signal ? { signal } : {}),
      ...(read.settings ? { read: read.settings } : {}),
      ...(read.encoding ? { encoding: read.encoding } : {}),
    });
}

/** The `schema` or `dataset` command, made here or by another module (`schema get` lives in targets.ts). */
function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** `email:Email` → column "email", namespace "Email"; the last colon splits, so a column may hold one. */
function parseIdentity(value: string): { column: string; namespace: string } {
  const at = value.lastIndexOf(':');
  const column = value.slice(0, at).trim();
  const namespace = value.slice(at + 1).trim();
  if (at < 0 || column === '' || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(namespace)) throw new InvalidArgumentError('expected COLUMN:NAMESPACE, e.g. email:Email.');
  return { column, namespace };
}

function printCreation(ctx: CliContext, proposal: TargetProposal, creation: CreationReport, options: SchemaCreateOptions, readFlags: string): void {
  const className = proposal.class.choice === 'event' ? 'XDM ExperienceEvent' : 'XDM Individual Profile';
  printLine(ctx.out, `Schema "${proposal.schemaTitle}", class ${className} (${proposal.class.guessed ? `guessed: ${proposal.class.reason}` : 'chosen'})`);
  const origin = (f: TargetProposal['fields'][number]): string =>
    f.origin.kind === 'standard'
      ? (f.origin.fieldGroupId.split('/').pop() ?? '')
      : f.origin.kind === 'custom'
        ? (proposal.customFieldGroup?.title ?? 'custom')
        : 'class';
  const rows = proposal.fields.map((f) => [
    f.source.kind === 'column' ? f.source.column : `= ${f.source.expression}`,
    f.path,
    f.format && f.format !== f.kind ? `${f.kind} (${f.format})` : f.kind,
    origin(f),
  ]);
  for (const line of renderTable(['Column', 'XDM field', 'Type', 'From'], rows, { width: ctx.width, maxCell: 60 }).lines) printLine(ctx.out, line);
  for (const f of proposal.customFieldGroup?.fields ?? []) printLine(ctx.out, `  custom: ${f.column} (${f.why})`);
  for (const s of proposal.skipped) printLine(ctx.out, `  left out: ${s.column} (${s.reason})`);
  printLine(ctx.out, `Primary identity: ${proposal.identity.namespace} on ${proposal.identity.path} (column ${proposal.identity.column})`);
  printLine(ctx.out);
  for (const step of creation.steps) {
    printLine(ctx.out, `  ${step.status.padEnd(12)} ${step.what}${step.id ? `  ${step.id}` : ''}${step.error ? `: ${step.error.message}` : ''}`);
  }
  if (creation.complete) {
    printLine(ctx.out);
    printLine(ctx.out, `Schema ${creation.schemaId ?? ''}; dataset ${creation.datasetId ?? ''}.`);
    if (options.mappingOut) printLine(ctx.out, `Mapping written to ${options.mappingOut}`);
    if (options.schemaOut) printLine(ctx.out, `Schema written to ${options.schemaOut}`);
    if (options.mappingOut && options.schemaOut) {
      printLine(
        ctx.out,
        `Next: xdm-loader prepare ${options.from}${readFlags} --schema ${options.schemaOut} --mapping ${options.mappingOut} --out DIR, then upload DIR --dataset ${creation.datasetId ?? ''}`,
      );
    } else {
      printLine(ctx.out, 'Add --mapping-out and --schema-out to write the mapping and the schema that prepare reads.');
    }
  } else if (creation.dryRun) {
    printLine(ctx.out);
    printLine(ctx.out, 'Dry run: nothing was created.');
  }
}
