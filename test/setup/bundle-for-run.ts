import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { context, version as esbuildVersion, type BuildContext, type BuildOptions } from 'esbuild';
import type { TestProject } from 'vitest/node';

/**
 * What the global setups share: esbuild bundles kept in `outRoot` between runs, named to the tests
 * by `env` = `outDir`, and built again only when one of their inputs changed (before each rerun in
 * watch mode too); the teardown unsets the variable.
 *
 * Why a cache: bundling the six self-contained workers cost about 3 s of CPU in esbuild's own
 * process at every run, before the first test file could start, for sources that most runs do
 * not change. The stamp beside the bundles records esbuild's version, the options and the content
 * of every input the last build read (its metafile), so an edit to any source, any bundled
 * package or the build options makes the next run build again.
 */
export async function bundleForRun(
  project: TestProject,
  bundles: { env: string; outDir: string; outRoot: string; options: BuildOptions[] },
): Promise<() => Promise<void>> {
  const cache = bundleCache(bundles.outRoot, bundles.options);
  await cache.update();
  process.env[bundles.env] = bundles.outDir;
  project.onTestsRerun(async () => {
    await cache.update();
  });
  return async () => {
    await cache.dispose();
    delete process.env[bundles.env];
  };
}

/** What the last build read and wrote, in `<outRoot>/stamp.json`. */
interface Stamp {
  key: string;
  inputs: string[];
  outputs: string[];
}

const STAMP = 'stamp.json';

/**
 * The bundles of `options` kept up to date in `outRoot`: `update` builds them when the stamp is
 * missing or no longer matches their inputs, and says whether it did.
 */
export function bundleCache(outRoot: string, options: BuildOptions[]): { update: () => Promise<boolean>; dispose: () => Promise<void> } {
  let builds: BuildContext<BuildOptions & { write: false; metafile: true }>[] | undefined;
  const workingDirs = options.map((option) => option.absWorkingDir ?? process.cwd());
  const optionsText = JSON.stringify(options);

  const update = async (): Promise<boolean> => {
    const stamp = await readStamp(outRoot);
    if (stamp && (await allExist(stamp.outputs)) && (await inputsKey(optionsText, stamp.inputs)) === stamp.key) return false;
    builds ??= await Promise.all(options.map((option) => context({ ...option, write: false, metafile: true })));
    const results = await Promise.all(builds.map((build) => build.rebuild()));
    const inputs = new Set<string>();
    const outputs: string[] = [];
    for (const [index, result] of results.entries()) {
      for (const input of Object.keys(result.metafile.inputs)) inputs.add(path.resolve(workingDirs[index] ?? '', input));
      for (const file of result.outputFiles) {
        await replaceFile(file.path, file.contents);
        outputs.push(file.path);
      }
    }
    const sortedInputs = [...inputs].sort();
    const next: Stamp = { key: await inputsKey(optionsText, sortedInputs), inputs: sortedInputs, outputs };
    await replaceFile(path.join(outRoot, STAMP), JSON.stringify(next));
    return true;
  };

  const dispose = async (): Promise<void> => {
    await Promise.all((builds ?? []).map((build) => build.dispose()));
    builds = undefined;
  };
  return { update, dispose };
}

/** The stamp in `outRoot`, or undefined when there is none or it is not one. */
async function readStamp(outRoot: string): Promise<Stamp | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(outRoot, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { key, inputs, outputs } = parsed as Record<string, unknown>;
  const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
  return typeof key === 'string' && strings(inputs) && strings(outputs) ? { key, inputs, outputs } : undefined;
}

/** A hash of esbuild's version, the options and the path and content of each input; a missing input changes it. */
async function inputsKey(optionsText: string, inputs: string[]): Promise<string> {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n${optionsText}\n`);
  for (const input of inputs) {
    hash.update(`${input}\n`);
    try {
      hash.update(await readFile(input));
    } catch {
      hash.update('\0missing');
    }
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function allExist(files: string[]): Promise<boolean> {
  const found = await Promise.all(
    files.map((file) =>
      access(file).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.every(Boolean);
}

/**
 * Writes `file` through a temporary file renamed over it: another run of the same checkout that is
 * loading it at that moment reads the old file or the new one, never half of one.
 */
async function replaceFile(file: string, contents: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}
