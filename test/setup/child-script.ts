import path from 'node:path';

/** The variable naming the folder of bundled child scripts (test/setup/child-bundles.ts). */
export const CHILD_BUNDLES_ENV = 'XDM_LOADER_TEST_CHILD_BUNDLES';

/**
 * Node's arguments that run a test's child script (a path from the repository's root): its bundle
 * built by the global setup when the run has one, else the source through tsx.
 */
export function childScript(root: string, script: string): string[] {
  const bundles = process.env[CHILD_BUNDLES_ENV];
  return bundles ? [path.join(bundles, `${path.basename(script, '.ts')}.mjs`)] : ['--import', 'tsx', path.join(root, script)];
}
