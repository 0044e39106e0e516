import packageJson from '../../package.json';
import { processContext } from './context';
import { runCli } from './program';

/**
 * The `xdm-loader` command's entry point (bundled to dist/cli/xdm-loader.mjs).
 * Why: only this file touches the process: arguments in, exit code out (through exitCode, so
 * buffered output still reaches a pipe). The version is inlined from package.json at build time.
 */

// `xdm-loader inspect big.csv | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processContext(packageJson.version));
