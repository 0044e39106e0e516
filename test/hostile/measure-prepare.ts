import { writeFile } from 'node:fs/promises';
import { isAppError } from '../../src-shared/domain/errors';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { customerMapping, customerSchema } from '../core/jobs/prepare/fixtures';

/**
 * Prepares one file in a process of its own and writes what happened and the process's peak
 * resident memory to a JSON file: `measure-prepare.ts INPUT OUT_DIR RESULT.json`.
 * Why a process of its own: peak RSS is per process and never goes down, so it can only be
 * measured for one input in a fresh process (run with `node --import tsx`).
 */
const [input, outDir, resultFile] = process.argv.slice(2) as [string, string, string];
/** The hostile files hold customer_id and first_name only. */
const mapping = {
  ...customerMapping,
  rules: customerMapping.rules.filter((r) => r.source.kind === 'column' && ['customer_id', 'first_name'].includes(r.source.column)),
};
let outcome: Record<string, unknown>;
try {
  const summary = await runPrepare({ inputPath: input, schema: customerSchema.schema, mapping, outDir });
  outcome = { summary };
} catch (e) {
  outcome = { error: isAppError(e) ? e.toShape() : { code: 'INTERNAL', message: (e as Error).message } };
}
await writeFile(resultFile, JSON.stringify({ ...outcome, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
