// Runs commands side by side for `npm run checks` and `npm test` (scripts/checks.mjs,
// scripts/test.mjs): each part's output is printed whole when it ends, so no two interleave, or
// line by line as it comes for the one part that is live; every part runs to its end whatever the
// others did.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';

/**
 * A CPU priority below the default (Unix nice 10). Set on a part as soon as it is spawned, so the
 * processes it starts later (Vitest's forks, ESLint, Chromium) inherit it.
 */
const BACKGROUND_PRIORITY = 10;

/**
 * @typedef {object} Part
 * @property {string} name what the summary calls it
 * @property {string} command
 * @property {string[]} args
 * @property {boolean} [shell] run through the shell (npm.cmd on Windows)
 * @property {boolean} [live] print each line as it comes instead of the whole output at the end
 * @property {boolean} [background] run at a lower CPU priority than the parts that are not
 *
 * @typedef {{ name: string, passed: boolean, seconds: number }} Outcome
 */

/** `npm run --silent SCRIPT` as a part. @param {string} name @param {string} script @returns {Part} */
export function npmScript(name, script) {
  const windows = process.platform === 'win32';
  return { name, command: windows ? 'npm.cmd' : 'npm', args: ['run', '--silent', script], shell: windows };
}

/**
 * Runs one part; resolves when it has exited, never rejects (a command that cannot start is a
 * failed part, with the reason in its output).
 * @param {Part} part
 * @param {NodeJS.WritableStream} [out]
 * @returns {Promise<Outcome>}
 */
export function runPart(part, out = process.stdout) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(part.command, part.args, { stdio: ['ignore', 'pipe', 'pipe'], shell: part.shell ?? false });
    if (part.background && child.pid !== undefined) {
      try {
        setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
        // Not permitted here: the part then runs at the normal priority, which is only slower.
      }
    }
    /** @type {Buffer[]} */
    const output = [];
    if (part.live) {
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => out.write(`${line}\n`));
      }
    } else {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => {
      const passed = code === 0;
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const body = Buffer.concat(output).toString('utf8');
      const ending = body === '' || body.endsWith('\n') ? '' : '\n';
      out.write(`${passed ? 'ok' : 'FAILED'} ${part.name} (${seconds} s)\n${body}${ending}`);
      resolve({ name: part.name, passed, seconds });
    });
  });
}

/**
 * One line per part, and whether all passed.
 * @param {Outcome[]} outcomes
 * @returns {{ text: string, passed: boolean }}
 */
export function summary(outcomes) {
  const lines = outcomes.map(({ name, passed, seconds }) => `  ${passed ? 'ok    ' : 'FAILED'} ${name} (${seconds} s)`);
  return { text: `${lines.join('\n')}\n`, passed: outcomes.every((outcome) => outcome.passed) };
}
