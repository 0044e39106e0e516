import { rm } from 'node:fs/promises';
import { context, type BuildOptions } from 'esbuild';
import type { TestProject } from 'vitest/node';

/**
 * What the global setups share: esbuild bundles built once per run into `outRoot` (again before
 * each rerun in watch mode), named to the tests by `env` = `envValue`; the teardown disposes of
 * the builds, removes the folder and unsets the variable.
 */
export async function bundleForRun(
  project: TestProject,
  bundles: { env: string; envValue: string; outRoot: string; options: BuildOptions[] },
): Promise<() => Promise<void>> {
  const builds = await Promise.all(bundles.options.map((options) => context(options)));
  const rebuild = async (): Promise<void> => {
    await Promise.all(builds.map((build) => build.rebuild()));
  };
  await rebuild();
  process.env[bundles.env] = bundles.envValue;
  project.onTestsRerun(rebuild);
  return async () => {
    await Promise.all(builds.map((build) => build.dispose()));
    await rm(bundles.outRoot, { recursive: true, force: true });
    delete process.env[bundles.env];
  };
}
