// `npm start`: build, then run the Electron app when its binary is on disk, else browser mode.
// The binary is looked up on disk (node_modules/electron/path.txt → node_modules/electron/dist/…),
// never by running `npx electron`, which tries to download it when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The Electron executable when installed, else null. */
function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = path.join(root, 'node_modules', 'electron', 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** Runs a child with our stdio and forwards SIGINT/SIGTERM; resolves with its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`Could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = electronBinary();
let code;
if (electron) {
  code = await run(electron, [root]);
} else {
  console.log('The Electron binary is not available here; starting browser mode instead.');
  code = await run(process.execPath, [path.join(root, 'dist', 'web', 'serve.mjs'), '--open']);
}
process.exit(code);
