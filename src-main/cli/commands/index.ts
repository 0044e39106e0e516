import type { Command } from 'commander';
import type { CliContext } from '../context';
import { register as registerConnection } from './connection';
import { register as registerInspect } from './inspect';
import { register as registerTargets } from './targets';
import { register as registerTargetCreate } from './target-create';
import { register as registerPrepare } from './prepare';
import { register as registerSandbox } from './sandbox';
import { register as registerSuggest } from './suggest';
import { register as registerPreflight } from './preflight';
import { register as registerProfile } from './profile';
import { register as registerStream } from './stream';
import { register as registerUpload } from './upload';
import { register as registerBatchStatus } from './batch-status';
import { register as registerUploads } from './uploads';

/**
 * Every CLI command, each a module with `register(program, ctx)`.
 * Why: commands are added by different people without touching the program setup; adding one
 * is a new file in this folder and one line in this list.
 */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: readonly RegisterCommand[] = [
  registerInspect,
  registerSuggest,
  registerPrepare,
  registerConnection,
  registerTargets,
  // After registerTargets: `schema create` joins the `schema` command it makes.
  registerTargetCreate,
  registerSandbox,
  registerPreflight,
  registerUpload,
  registerUploads,
  registerBatchStatus,
  registerProfile,
  registerStream,
];

export function registerCommands(program: Command, ctx: CliContext): void {
  for (const register of commands) register(program, ctx);
}
