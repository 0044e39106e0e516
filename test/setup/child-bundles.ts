import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleForRun } from './bundle-for-run';
import { CHILD_BUNDLES_ENV } from './child-script';

/**
 * Vitest's global setup: the scripts tests run as child processes, bundled into a folder of the
 * checkout's `.cache/` named to the tests by CHILD_BUNDLES_ENV (`childScript` of child-script.ts
 * finds them there), and built again only when an input changed (bundle-for-run.ts).
 *
 * Why: a child started through tsx (`node --import tsx child.ts`) registers tsx and compiles its
 * module graph again (about 0.4 s of CPU for the lock holder, against 0.1 s for its bundle), and
 * the lock tests start dozens of them. Checked against the sources under test at each run, and
 * again before each rerun in watch mode, like the workers of test/setup/worker-bundles.ts.
 */

/** Child scripts, from the repository's root; each is bundled to its base name with `.mjs`. */
export const childScripts = ['test/core/jobs/upload/lock-holder-child.ts'];

const root = path.resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Every project extends the root configuration and so runs this setup; one build serves all.
  if (process.env[CHILD_BUNDLES_ENV]) return undefined;
  // Inside the checkout, so the bundles' bare imports (better-sqlite3) resolve from node_modules.
  const outDir = path.join(root, '.cache', 'test-bundles', 'children');
  return bundleForRun(project, {
    env: CHILD_BUNDLES_ENV,
    outDir,
    outRoot: outDir,
    options: childScripts.map((script) => ({
      absWorkingDir: root,
      entryPoints: [script],
      outfile: path.join(outDir, `${path.basename(script, '.ts')}.mjs`),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    })),
  });
}
