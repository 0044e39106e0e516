import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../../src-shared/domain/errors';
import { MappingFile } from '../../../src-shared/mapping/mapping-types';
import { applyPreflightFix, type PreflightFixId, type PreflightReport, preparedInput, preparedRecords, runPreflight } from '../../core/jobs/preflight/index';
import type { PlatformClient } from '../../core/platform/platform-client';
import type { CliContext } from '../context';
import { printJson, printLine } from '../output';
import { addTargetOptions, cliConnections, connectionRefFrom, type TargetOptions } from './connection';

/**
 * `xdm-loader preflight DIR --dataset ID [--profile]`: what must hold before an upload.
 * Why a command of its own: a steward (or a pipeline) checks the target before spending an
 * upload on it; `--fix` applies the fixes the app offers, only when asked, since AEP cannot undo them.
 */
interface PreflightOptions extends TargetOptions {
  dataset: string;
  profile?: boolean;
  schema?: string;
  mapping?: string;
  sample: string;
  fix?: boolean;
  json?: boolean;
}

const marks = { passed: '✓', failed: '✗', warning: '!', skipped: '-' } as const;

async function readMapping(file: string): Promise<MappingFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new AppError('FILE_UNREADABLE', `Cannot read the mapping ${file}: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const parsed = MappingFile.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `${file} is not a mapping file: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file });
  return parsed.data;
}

function printReport(ctx: CliContext, report: PreflightReport): void {
  printLine(
    ctx.out,
    `Preflight of dataset ${report.datasetName ? `"${report.datasetName}" ` : ''}(${report.datasetId})${report.profile ? ' for Profile' : ''}:`,
  );
  for (const check of report.checks) {
    printLine(ctx.out, `  ${marks[check.status]} ${check.code ? `[${check.code}] ` : ''}${check.message}`);
    if (check.status !== 'passed' && check.howToFix) printLine(ctx.out, `      How to fix: ${check.howToFix}`);
    if (check.status === 'failed' && check.fix) printLine(ctx.out, `      XDM Loader can do it (--fix): ${check.fix.label}. ${check.fix.consequence}`);
  }
  const failed = report.checks.filter((c) => c.status === 'failed').length;
  printLine(ctx.out, failed === 0 ? 'Ready to upload.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
}

async function preflightOnce(client: PlatformClient, dir: string, options: PreflightOptions, mapping: MappingFile | undefined): Promise<PreflightReport> {
  const input = await preparedInput(dir);
  const sample = Number(options.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new AppError('INVALID_INPUT', '--sample takes a whole number of records, 1 or more.');
  const schemaId = options.schema ?? mapping?.schemaRef?.id;
  return runPreflight(client, {
    datasetId: options.dataset,
    profile: options.profile === true,
    ...(schemaId !== undefined ? { schemaId } : {}),
    records: preparedRecords(input, { limit: sample }),
    sampleSize: sample,
    ...(mapping ? { identityRules: mapping.identities } : {}),
    ...(input.identityIssues ? { preparedIdentityIssues: input.identityIssues } : {}),
  });
}

export function register(program: Command, ctx: CliContext): void {
  addTargetOptions(
    program
      .command('preflight')
      .description('Check a dataset (and Profile readiness) before uploading prepared records')
      .argument('<dir>', 'prepare output folder (part-*.json or part-*.parquet), or one XDM file')
      .requiredOption('--dataset <id>', 'the dataset to load into')
      .option('--profile', 'the records should reach Real-Time Customer Profile')
      .option('--schema <id>', "the mapping's schema ($id or meta:altId), to check the dataset uses it")
      .option('--mapping <file>', 'the mapping file (its schemaRef and identities)')
      .option('--sample <n>', 'records to read for the identity checks', '1000')
      .option('--fix', 'apply the fixes XDM Loader offers (enabling Profile cannot be undone)')
      .option('--json', 'print JSON'),
  ).action(async (dir: string, options: PreflightOptions) => {
    const service = cliConnections(ctx);
    const client = await service.client(await connectionRefFrom(ctx, service, options));
    const mapping = options.mapping !== undefined ? await readMapping(options.mapping) : undefined;
    let report = await preflightOnce(client, dir, options, mapping);
    const applied: Array<{ fix: PreflightFixId; consequence: string }> = [];
    if (options.fix) {
      const fixes = [...new Map(report.checks.filter((c) => c.status === 'failed' && c.fix).map((c) => [c.fix?.id, c.fix])).values()];
      for (const fix of fixes) {
        if (!fix) continue;
        await applyPreflightFix(client, fix.id, { datasetId: report.datasetId, ...(report.schemaId !== undefined ? { schemaId: report.schemaId } : {}) });
        applied.push({ fix: fix.id, consequence: fix.consequence });
        if (!options.json) printLine(ctx.out, `Applied: ${fix.label}. ${fix.consequence}`);
      }
      if (applied.length > 0) report = await preflightOnce(client, dir, options, mapping);
    }
    if (options.json) printJson(ctx, options.fix ? { ...report, applied } : report);
    else printReport(ctx, report);
    if (!report.ok) {
      const failed = report.checks.filter((c) => c.status === 'failed').map((c) => c.code);
      throw new AppError('INVALID_INPUT', `Preflight failed: ${failed.join(', ')}.`);
    }
  });
}
