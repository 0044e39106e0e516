#!/usr/bin/env node
// The package's command: runs the bundled CLI that `npm run build` writes to dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/xdm-loader.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('xdm-loader: the CLI is not built yet. Run `npm run build` in the project folder first.\n');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
